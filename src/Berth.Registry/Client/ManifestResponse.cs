using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Client;

/// <summary>A manifest or index as the registry sent it: the exact bytes (their digest is the manifest's identity), its media type.</summary>
public sealed record ManifestResponse(byte[] Content, string MediaType, Digest Digest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public Descriptor Descriptor => new() { MediaType = MediaType, Digest = Digest.ToString(), Size = Content.Length };

    public ImageIndex ReadIndex() => Read(OciJson.Writer.ImageIndex);

    public ImageManifest ReadManifest() => Read(OciJson.Writer.ImageManifest);

    private T Read<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(Content, type) ?? throw BerthException.Invalid($"manifest {Digest} is empty");
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid manifest {Digest}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The media type from the Content-Type header, or from the document's own <c>mediaType</c> when the registry
    /// sent a generic type (some answer <c>application/json</c>); an index is told from a manifest by its fields.
    /// </summary>
    internal static string MediaTypeOf(string? contentType, byte[] content)
    {
        if (MediaTypes.IsIndex(contentType) || MediaTypes.IsManifest(contentType)) return contentType!;
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String) return type.GetString()!;
            return root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid manifest: {e.Message}", e);
        }
    }
}
