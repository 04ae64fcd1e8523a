namespace Berth.Oci.Runtime;

/// <summary>The container's cgroup limits. Unset fields leave the kernel's default (no limit).</summary>
public sealed record LinuxResources
{
    /// <summary>Device cgroup rules, applied in order; the last matching rule wins.</summary>
    public IReadOnlyList<LinuxDeviceCgroup>? Devices { get; init; }
    public LinuxMemory? Memory { get; init; }
    public LinuxCpu? Cpu { get; init; }
    public LinuxPids? Pids { get; init; }
}

/// <summary>One device cgroup rule; a null type, major or minor matches every value.</summary>
public sealed record LinuxDeviceCgroup
{
    public required bool Allow { get; init; }
    public string? Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    /// <summary>Any of r (read), w (write), m (mknod).</summary>
    public string? Access { get; init; }
}

/// <summary>Memory limits in bytes; <c>swap</c> is memory plus swap, and -1 means unlimited.</summary>
public sealed record LinuxMemory
{
    public long? Limit { get; init; }
    public long? Reservation { get; init; }
    public long? Swap { get; init; }
}

/// <summary>CPU weight (shares), CFS bandwidth (quota per period, in microseconds) and cpuset.</summary>
public sealed record LinuxCpu
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
    public string? Cpus { get; init; }
    public string? Mems { get; init; }
}

public sealed record LinuxPids
{
    public required long Limit { get; init; }
}
