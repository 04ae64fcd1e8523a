using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>A volume as GET /volumes/{name}, the list and create return it (Docker's <c>volume.Volume</c>).</summary>
public sealed record VolumeInfo
{
    /// <summary>RFC 3339 to the second.</summary>
    public required string CreatedAt { get; init; }
    public required string Driver { get; init; }
    /// <summary>null when the volume was created without labels, as Docker reports it.</summary>
    public Dictionary<string, string>? Labels { get; init; }
    public required string Mountpoint { get; init; }
    public required string Name { get; init; }
    public Dictionary<string, string>? Options { get; init; }
    public string Scope { get; set; } = "local";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Status { get; init; }
}

/// <summary>GET /volumes.</summary>
public sealed record VolumeListResponse
{
    public required IReadOnlyList<VolumeInfo> Volumes { get; init; }
    /// <summary>null unless there is something to warn about, as Docker sends it.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>The body of POST /volumes/create (Docker's <c>volume.CreateOptions</c>); every member may be absent.</summary>
public sealed record VolumeCreateRequest
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public Dictionary<string, string>? DriverOpts { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>POST /volumes/prune.</summary>
public sealed record VolumePruneReport
{
    /// <summary>null when nothing was removed, as Docker sends it.</summary>
    public IReadOnlyList<string>? VolumesDeleted { get; init; }
    public ulong SpaceReclaimed { get; init; }
}
