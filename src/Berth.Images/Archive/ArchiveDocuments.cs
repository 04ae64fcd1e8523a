using System.Text.Json.Serialization;

namespace Berth.Images.Archive;

/// <summary>One image in a docker-archive's <c>manifest.json</c>: paths inside the archive, and familiar names.</summary>
internal sealed record ArchiveManifestEntry
{
    [JsonPropertyName("Config")] public required string Config { get; init; }

    // Docker writes null, not [], for an image saved by ID alone.
    [JsonPropertyName("RepoTags")] public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")] public IReadOnlyList<string> Layers { get; init; } = [];
}

/// <summary>The <c>oci-layout</c> marker file of an OCI image layout.</summary>
internal sealed record OciLayoutMarker
{
    public const string CurrentVersion = "1.0.0";

    [JsonPropertyName("imageLayoutVersion")] public string ImageLayoutVersion { get; init; } = CurrentVersion;
}
