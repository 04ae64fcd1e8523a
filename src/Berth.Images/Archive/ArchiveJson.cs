using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>Parses the JSON documents of an archive, turning any malformation into a user-facing error.</summary>
internal static class ArchiveJson
{
    /// <summary>
    /// Manifests, indexes and configs are small; a larger "document" is a layer named in the wrong place
    /// or a hostile archive, and is refused rather than read into memory.
    /// </summary>
    public const int MaxDocumentBytes = 32 << 20;

    public static T Parse<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw BerthException.Invalid($"invalid {what}: empty document");
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid {what}: {e.Message}", e);
        }
    }

    public static async Task<T> ReadBlobAsync<T>(ContentStore store, Digest digest, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
    {
        if (store.SizeOf(digest) > MaxDocumentBytes) throw BerthException.Invalid($"invalid {what}: larger than {MaxDocumentBytes} bytes");
        return Parse(await store.ReadAllBytesAsync(digest, cancellationToken), type, what);
    }

    /// <summary>A digest taken from a document of the archive, which is not to be trusted to be well formed.</summary>
    public static Digest ParseDigest(string value, string what) =>
        Digest.TryParse(value, out var digest) ? digest : throw BerthException.Invalid($"invalid {what}: unsupported digest \"{value}\"");
}
