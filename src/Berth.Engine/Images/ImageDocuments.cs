using System.Text.Json;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>Reads manifests and configs from the content store, with a clear error for a corrupt document.</summary>
internal static class ImageDocuments
{
    public static async Task<ImageManifest> ReadManifestAsync(ContentStore content, Digest digest, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAllBytesAsync(digest, cancellationToken);
        return Deserialize(bytes, OciJsonContext.Default.ImageManifest, digest);
    }

    public static async Task<ImageConfig> ReadConfigAsync(ContentStore content, Digest digest, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAllBytesAsync(digest, cancellationToken);
        return Deserialize(bytes, OciJsonContext.Default.ImageConfig, digest);
    }

    private static T Deserialize<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Digest digest)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new JsonException("null document");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Internal, $"corrupt document {digest}: {e.Message}", e);
        }
    }
}
