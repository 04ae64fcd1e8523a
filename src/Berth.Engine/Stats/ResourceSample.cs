namespace Berth.Engine.Stats;

/// <summary>
/// One reading of a container's resource use, in the units Docker's stats report: CPU in nanoseconds (the
/// container's, and the whole host's since boot, whose ratio gives the CPU percentage), memory in bytes.
/// </summary>
public sealed record ResourceSample
{
    public required DateTimeOffset Read { get; init; }
    public long CpuTotal { get; init; }
    public long CpuKernel { get; init; }
    public long CpuUser { get; init; }
    public IReadOnlyList<long>? CpuPerCore { get; init; }
    public long SystemCpu { get; init; }
    public int OnlineCpus { get; init; }
    public long ThrottlingPeriods { get; init; }
    public long ThrottledPeriods { get; init; }
    public long ThrottledTime { get; init; }
    public long MemoryUsage { get; init; }
    public long MemoryMaxUsage { get; init; }
    public long MemoryLimit { get; init; }
    public long MemoryFailCount { get; init; }
    /// <summary>The memory controller's memory.stat, keyed as the kernel names the entries.</summary>
    public IReadOnlyDictionary<string, long> MemoryStats { get; init; } = new Dictionary<string, long>();
    public long PidsCurrent { get; init; }
    /// <summary>0 when unlimited.</summary>
    public long PidsLimit { get; init; }
}
