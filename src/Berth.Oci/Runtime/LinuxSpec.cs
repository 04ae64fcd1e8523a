namespace Berth.Oci.Runtime;

/// <summary>The Linux-only part of the spec: namespaces, cgroups, devices and the sandbox's filters.</summary>
public sealed record LinuxSpec
{
    public IReadOnlyList<LinuxNamespace>? Namespaces { get; init; }
    public IReadOnlyList<LinuxDevice>? Devices { get; init; }
    public string? CgroupsPath { get; init; }
    public LinuxResources? Resources { get; init; }
    public IReadOnlyDictionary<string, string>? Sysctl { get; init; }
    public LinuxSeccomp? Seccomp { get; init; }
    public string? RootfsPropagation { get; init; }
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
}

/// <summary>A namespace to create (no path) or to join (path to an nsfs file such as /proc/PID/ns/net).</summary>
public sealed record LinuxNamespace
{
    /// <summary>pid, network, mount, ipc, uts, user or cgroup.</summary>
    public required string Type { get; init; }
    public string? Path { get; init; }
}

/// <summary>A device node the runtime creates in the container's /dev.</summary>
public sealed record LinuxDevice
{
    public required string Path { get; init; }
    /// <summary>c (character), b (block), u (unbuffered character) or p (FIFO).</summary>
    public required string Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    public uint? FileMode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
}
