using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>GET /system/df (Docker's <c>system.DiskUsage</c>); a section the <c>type</c> filter leaves out is null and omitted.</summary>
public sealed record DiskUsage
{
    public long LayersSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ImageSummary>? Images { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ContainerSummary>? Containers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<DiskUsageVolume>? Volumes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<BuildCacheRecord>? BuildCache { get; init; }
}

/// <summary>A volume as /system/df reports it: the list's shape plus <c>UsageData</c>.</summary>
public sealed record DiskUsageVolume
{
    public required string CreatedAt { get; init; }
    public required string Driver { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public required string Mountpoint { get; init; }
    public required string Name { get; init; }
    public Dictionary<string, string>? Options { get; init; }
    public string Scope { get; init; } = "local";
    public required VolumeUsageData UsageData { get; init; }
}

/// <summary>Bytes a volume holds and how many containers mount it.</summary>
public sealed record VolumeUsageData(long Size, long RefCount);

/// <summary>One build cache record (Docker's <c>build.CacheRecord</c>).</summary>
public sealed record BuildCacheRecord
{
    public required string ID { get; init; }
    public IReadOnlyList<string>? Parents { get; init; }
    public required string Type { get; init; }
    public required string Description { get; init; }
    public bool InUse { get; init; }
    public bool Shared { get; init; }
    public long Size { get; init; }
    public required string CreatedAt { get; init; }
    public string? LastUsedAt { get; init; }
    public long UsageCount { get; init; }
}
