using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>
/// An image manifest: OCI image manifest v1 or Docker manifest v2 schema 2 (same shape, other media types).
/// </summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonPropertyName("config")] public required Descriptor Config { get; init; }
    [JsonPropertyName("layers")] public required IReadOnlyList<Descriptor> Layers { get; init; }

    [JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>An OCI image index or a Docker manifest list.</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")] public required IReadOnlyList<Descriptor> Manifests { get; init; }

    [JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; init; }
}
