using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>An OCI content descriptor: what a blob is, its digest and its size.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")] public required string MediaType { get; init; }
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }

    [JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("platform"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Platform? Platform { get; init; }

    [JsonIgnore] public Digest ParsedDigest => Oci.Digest.Parse(Digest);
}

public sealed record Platform
{
    [JsonPropertyName("architecture")] public required string Architecture { get; init; }
    [JsonPropertyName("os")] public required string Os { get; init; }

    [JsonPropertyName("variant"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }
}
