using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>One message of GET /containers/{id}/stats, the fields a Linux container has, in Docker's names.</summary>
public sealed record ContainerStats
{
    [JsonPropertyName("read")] public required string Read { get; init; }
    [JsonPropertyName("preread")] public required string PreRead { get; init; }
    [JsonPropertyName("pids_stats")] public PidsStats PidsStats { get; set; } = new();
    [JsonPropertyName("blkio_stats")] public BlkioStats BlkioStats { get; set; } = new();
    [JsonPropertyName("num_procs")] public int NumProcs { get; init; }
    [JsonPropertyName("storage_stats")] public EmptyStats StorageStats { get; set; } = new();
    [JsonPropertyName("cpu_stats")] public CpuStats CpuStats { get; set; } = new();
    [JsonPropertyName("precpu_stats")] public CpuStats PreCpuStats { get; set; } = new();
    [JsonPropertyName("memory_stats")] public MemoryStats MemoryStats { get; set; } = new();
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
}

public sealed record EmptyStats;

public sealed record PidsStats
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Current { get; init; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Limit { get; init; }
}

/// <summary>Block I/O: Berth does not account it yet, so every list is null, as Docker sends for a container without I/O.</summary>
public sealed record BlkioStats
{
    [JsonPropertyName("io_service_bytes_recursive")] public IReadOnlyList<object>? IoServiceBytesRecursive { get; init; }
    [JsonPropertyName("io_serviced_recursive")] public IReadOnlyList<object>? IoServicedRecursive { get; init; }
    [JsonPropertyName("io_queue_recursive")] public IReadOnlyList<object>? IoQueueRecursive { get; init; }
    [JsonPropertyName("io_service_time_recursive")] public IReadOnlyList<object>? IoServiceTimeRecursive { get; init; }
    [JsonPropertyName("io_wait_time_recursive")] public IReadOnlyList<object>? IoWaitTimeRecursive { get; init; }
    [JsonPropertyName("io_merged_recursive")] public IReadOnlyList<object>? IoMergedRecursive { get; init; }
    [JsonPropertyName("io_time_recursive")] public IReadOnlyList<object>? IoTimeRecursive { get; init; }
    [JsonPropertyName("sectors_recursive")] public IReadOnlyList<object>? SectorsRecursive { get; init; }
}

public sealed record CpuStats
{
    [JsonPropertyName("cpu_usage")] public CpuUsage CpuUsage { get; set; } = new();
    [JsonPropertyName("system_cpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long SystemCpuUsage { get; init; }
    [JsonPropertyName("online_cpus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int OnlineCpus { get; init; }
    [JsonPropertyName("throttling_data")] public ThrottlingData ThrottlingData { get; set; } = new();
}

public sealed record CpuUsage
{
    [JsonPropertyName("total_usage")] public long TotalUsage { get; init; }
    [JsonPropertyName("percpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<long>? PercpuUsage { get; init; }
    [JsonPropertyName("usage_in_kernelmode")] public long UsageInKernelmode { get; init; }
    [JsonPropertyName("usage_in_usermode")] public long UsageInUsermode { get; init; }
}

public sealed record ThrottlingData
{
    [JsonPropertyName("periods")] public long Periods { get; init; }
    [JsonPropertyName("throttled_periods")] public long ThrottledPeriods { get; init; }
    [JsonPropertyName("throttled_time")] public long ThrottledTime { get; init; }
}

public sealed record MemoryStats
{
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Usage { get; init; }
    [JsonPropertyName("max_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long MaxUsage { get; init; }
    [JsonPropertyName("stats"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, long>? Stats { get; init; }
    [JsonPropertyName("failcnt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Failcnt { get; init; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Limit { get; init; }
}
