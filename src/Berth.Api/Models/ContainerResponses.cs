using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>The answer to POST /containers/{id}/wait.</summary>
public sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }
    /// <summary>Set only when waiting itself failed, not when the process exited non-zero.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ContainerWaitError? Error { get; init; }
}

public sealed record ContainerWaitError(string Message);

/// <summary>GET /containers/{id}/top: ps column titles and one row of cells per process.</summary>
public sealed record ContainerTopResponse
{
    public required IReadOnlyList<string> Titles { get; init; }
    public required IReadOnlyList<IReadOnlyList<string>> Processes { get; init; }
}

/// <summary>One row of GET /containers/{id}/changes.</summary>
public sealed record ContainerChange
{
    public required string Path { get; init; }
    /// <summary>0 modified, 1 added, 2 deleted.</summary>
    public ContainerChangeKind Kind { get; init; }
}

/// <summary>Sent as a number, as Docker does.</summary>
public enum ContainerChangeKind : byte
{
    Modified = 0,
    Added = 1,
    Deleted = 2,
}

/// <summary>The answer to POST /containers/prune.</summary>
public sealed record ContainerPruneReport
{
    /// <summary>null when nothing was removed, as Docker sends it.</summary>
    public IReadOnlyList<string>? ContainersDeleted { get; init; }
    public ulong SpaceReclaimed { get; init; }
}

/// <summary>The answer to POST /commit (Go's IDResponse).</summary>
public sealed record CommitResponse
{
    public required string Id { get; init; }
}

/// <summary>
/// What the X-Docker-Container-Path-Stat header of /containers/{id}/archive carries (base64 of this JSON). Mode is
/// Go's os.FileMode: permission bits, plus 1&lt;&lt;31 for a directory and 1&lt;&lt;27 for a symlink.
/// </summary>
public sealed record ContainerPathStat
{
    [System.Text.Json.Serialization.JsonPropertyName("name")] public required string Name { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("size")] public long Size { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("mode")] public long Mode { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("mtime")] public required string Mtime { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("linkTarget")] public required string LinkTarget { get; init; }
}
