using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>
/// The image configuration blob (OCI image config, which Docker's container image v1 config extends).
/// The image ID is the digest of this document's exact bytes, so stores keep the bytes they were given
/// and never re-serialise a config they did not create.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(GoTime))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("author"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "amd64";
    [JsonPropertyName("os")] public string Os { get; init; } = "linux";

    [JsonPropertyName("variant"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    [JsonPropertyName("comment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }

    [JsonPropertyName("config"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")] public RootFs RootFs { get; init; } = new();

    [JsonPropertyName("history"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEntry>? History { get; init; }
}

/// <summary>The execution parameters an image carries (Docker's capitalised field names).</summary>
public sealed record ContainerConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? User { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Env { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Entrypoint { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Cmd { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, EmptyObject>? Volumes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? WorkingDir { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Labels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StopSignal { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Shell { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public HealthConfig? Healthcheck { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? OnBuild { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ArgsEscaped { get; init; }
}

public sealed record HealthConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Test { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Interval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Timeout { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long StartPeriod { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Retries { get; init; }
}

/// <summary>Go's <c>struct{}</c>: maps such as ExposedPorts and Volumes have empty objects as values.</summary>
public sealed record EmptyObject;

public sealed record RootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public IReadOnlyList<string> DiffIds { get; init; } = [];
}

public sealed record HistoryEntry
{
    [JsonPropertyName("created"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(GoTime))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("created_by"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    [JsonPropertyName("comment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmptyLayer { get; init; }
}
