using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Oci;
using ZstdSharp;

namespace Berth.Images.Archive;

internal enum LayerFormat
{
    Plain,
    Gzip,
    Zstd,
}

/// <summary>A layer's uncompressed tar: its digest (the config's diff_id) and its size.</summary>
internal readonly record struct LayerDiff(Digest DiffId, long Size);

/// <summary>
/// Looks at layer blobs in the store. The magic bytes decide the compression, as in LayerCompression,
/// because archives label layers loosely (old docker saves name gzip layers <c>layer.tar</c>).
/// </summary>
internal static class LayerMeasure
{
    private const int MagicLength = 4;
    private const int BufferSize = 1 << 16;

    public static async Task<LayerFormat> DetectAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        var magic = new byte[MagicLength];
        int length;
        await using (var stream = store.OpenRead(blob))
        {
            length = await stream.ReadAtLeastAsync(magic, MagicLength, throwOnEndOfStream: false, cancellationToken);
        }
        return magic.AsSpan(0, length) switch
        {
            [0x1F, 0x8B, ..] => LayerFormat.Gzip,
            [0x28, 0xB5, 0x2F, 0xFD] => LayerFormat.Zstd,
            _ => LayerFormat.Plain,
        };
    }

    /// <summary>
    /// A plain layer is its own diff; a compressed one is streamed through the decompressor, hashed and
    /// counted, never held in memory.
    /// </summary>
    public static async Task<LayerDiff> MeasureAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        if (await DetectAsync(store, blob, cancellationToken) == LayerFormat.Plain) return new LayerDiff(blob, store.SizeOf(blob));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long size = 0;
        try
        {
            await using var tar = await LayerCompression.OpenDecompressedAsync(store.OpenRead(blob), cancellationToken);
            int read;
            while ((read = await tar.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
                size += read;
            }
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException or EndOfStreamException)
        {
            throw BerthException.Invalid($"invalid layer {blob}: cannot decompress it: {e.Message}", e);
        }
        return new LayerDiff(Digest.FromHash(hash.GetHashAndReset()), size);
    }
}
