using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Api.Models;

/// <summary>One row of GET /images/json.</summary>
public sealed record ImageSummary
{
    public required string Id { get; init; }
    public required string ParentId { get; init; }
    public required IReadOnlyList<string> RepoTags { get; init; }
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public long Created { get; init; }
    public long Size { get; init; }
    public long SharedSize { get; set; } = -1;
    public required Dictionary<string, string> Labels { get; init; }
    public long Containers { get; set; } = -1;
}

/// <summary>GET /images/{name}/json, Docker's shape.</summary>
public sealed record ImageInspect
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> RepoTags { get; init; }
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public required string Parent { get; init; }
    public required string Comment { get; init; }
    public required string Created { get; init; }
    public required string DockerVersion { get; init; }
    public required string Author { get; init; }
    public required InspectConfig Config { get; init; }
    public required string Architecture { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Variant { get; init; }
    public required string Os { get; init; }
    public long Size { get; init; }
    public required GraphDriver GraphDriver { get; init; }
    public required InspectRootFs RootFS { get; init; }
    public required InspectMetadata Metadata { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Descriptor? Descriptor { get; init; }
}

/// <summary>The image's container config as docker inspect prints it (every field present).</summary>
public sealed record InspectConfig
{
    public string Hostname { get; set; } = "";
    public string Domainname { get; set; } = "";
    public string User { get; set; } = "";
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public HealthConfig? Healthcheck { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ArgsEscaped { get; init; }
    public string Image { get; set; } = "";
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public string WorkingDir { get; set; } = "";
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? OnBuild { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StopSignal { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Shell { get; init; }
}

public sealed record GraphDriver(string Name, Dictionary<string, string> Data);

public sealed record InspectRootFs(string Type, IReadOnlyList<string> Layers);

public sealed record InspectMetadata(string LastTagTime);

/// <summary>One row of GET /images/{name}/history.</summary>
public sealed record ImageHistoryItem
{
    public required string Id { get; init; }
    public long Created { get; init; }
    public required string CreatedBy { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public long Size { get; init; }
    public required string Comment { get; init; }
}

/// <summary>One line of DELETE /images/{name} and of the prune report.</summary>
public sealed record ImageDeleteItem
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Untagged { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Deleted { get; init; }
}

public sealed record ImagePruneReport(IReadOnlyList<ImageDeleteItem> ImagesDeleted, long SpaceReclaimed);
