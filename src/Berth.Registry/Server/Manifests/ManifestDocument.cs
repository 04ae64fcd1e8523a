using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Server.Manifests;

/// <summary>A descriptor a manifest points at. Foreign layers (with <c>urls</c>) live outside the registry.</summary>
internal sealed record ManifestReference(Digest Digest, string MediaType, long Size, bool Foreign);

/// <summary>
/// What the registry needs to know of a pushed manifest: its media type, what it references (blobs for an image
/// manifest, manifests for an index), its subject and artifact type (for referrers). Parsed with JsonDocument
/// rather than typed records because the registry must accept any valid OCI or Docker schema 2 document as it
/// is, unknown fields and all, and store its bytes untouched.
/// </summary>
internal sealed record ManifestDocument
{
    public required string MediaType { get; init; }
    public required IReadOnlyList<ManifestReference> Blobs { get; init; }
    public required IReadOnlyList<ManifestReference> Manifests { get; init; }
    public ManifestReference? Subject { get; init; }
    public string? ArtifactType { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>The type the referrers API lists it under: its artifactType, else (image manifests) its config's media type.</summary>
    public string? EffectiveArtifactType => ArtifactType ?? (IsIndex ? null : Blobs.FirstOrDefault()?.MediaType);

    public static bool IsSupported(string? mediaType) => MediaTypes.IsIndex(mediaType) || MediaTypes.IsManifest(mediaType);

    /// <summary>
    /// Parses <paramref name="content"/> pushed with <paramref name="contentType"/>; throws MANIFEST_INVALID when
    /// it is not a schema 2 manifest or index, or when its mediaType field contradicts the Content-Type.
    /// </summary>
    public static ManifestDocument Parse(ReadOnlyMemory<byte> content, string? contentType)
    {
        try
        {
            using var json = JsonDocument.Parse(content);
            return Read(json.RootElement, BareMediaType(contentType));
        }
        catch (JsonException e)
        {
            throw Invalid($"manifest is not valid JSON: {e.Message}");
        }
    }

    private static ManifestDocument Read(JsonElement root, string? contentType)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("manifest must be a JSON object");
        if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 2)
            throw Invalid("schemaVersion must be 2");
        var field = OptionalString(root, "mediaType");
        if (field is not null && IsSupported(contentType) && field != contentType)
            throw Invalid($"mediaType {field} does not match Content-Type {contentType}");
        var mediaType = field ?? (IsSupported(contentType) ? contentType! : root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        if (!IsSupported(mediaType)) throw Invalid($"unsupported manifest media type {mediaType}");

        var blobs = new List<ManifestReference>();
        var manifests = new List<ManifestReference>();
        if (MediaTypes.IsIndex(mediaType))
        {
            manifests.AddRange(Descriptors(root, "manifests"));
        }
        else
        {
            if (!root.TryGetProperty("config", out var config)) throw Invalid("manifest has no config");
            blobs.Add(Descriptor(config, "config"));
            blobs.AddRange(Descriptors(root, "layers"));
        }
        return new ManifestDocument
        {
            MediaType = mediaType,
            Blobs = blobs,
            Manifests = manifests,
            Subject = root.TryGetProperty("subject", out var subject) && subject.ValueKind != JsonValueKind.Null ? Descriptor(subject, "subject") : null,
            ArtifactType = OptionalString(root, "artifactType"),
            Annotations = ReadAnnotations(root),
        };
    }

    private static IEnumerable<ManifestReference> Descriptors(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Invalid($"{property} must be an array");
        return array.EnumerateArray().Select(element => Descriptor(element, property)).ToList();
    }

    private static ManifestReference Descriptor(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid($"{where}: descriptor must be an object");
        var digestText = OptionalString(element, "digest") ?? throw Invalid($"{where}: descriptor has no digest");
        if (!Digest.TryParse(digestText, out var digest)) throw Invalid($"{where}: invalid digest {digestText}");
        var mediaType = OptionalString(element, "mediaType") ?? throw Invalid($"{where}: descriptor has no mediaType");
        if (!element.TryGetProperty("size", out var size) || !size.TryGetInt64(out var length) || length < 0)
            throw Invalid($"{where}: descriptor has no valid size");
        var foreign = element.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0;
        return new ManifestReference(digest, mediaType, length, foreign);
    }

    private static string? OptionalString(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"{property} must be a string");
    }

    private static Dictionary<string, string>? ReadAnnotations(JsonElement root)
    {
        if (!root.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Object) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in annotations.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String) result[property.Name] = property.Value.GetString()!;
        }
        return result;
    }

    /// <summary>"application/vnd.oci.image.manifest.v1+json; charset=utf-8" → the type alone.</summary>
    public static string? BareMediaType(string? contentType) =>
        contentType is null ? null : contentType.Split(';', 2)[0].Trim();

    private static RegistryException Invalid(string detail) => new(RegistryErrorCode.ManifestInvalid, detail);
}
