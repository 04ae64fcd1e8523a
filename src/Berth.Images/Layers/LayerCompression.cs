using System.IO.Compression;
using ZstdSharp;

namespace Berth.Images.Layers;

/// <summary>
/// Layer blobs come as plain tar, gzip or zstd, and their media type is not always to be trusted
/// (docker-archive layers are often gzip under a plain tar name), so the magic bytes decide.
/// </summary>
public static class LayerCompression
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];
    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xB5, 0x2F, 0xFD];

    /// <summary>
    /// Wraps <paramref name="layer"/> so that reading yields the uncompressed tar. Works on streams that
    /// cannot seek or refuse synchronous reads (an HTTP request body): the sniffed bytes are read
    /// asynchronously and replayed. Disposing the result disposes <paramref name="layer"/>.
    /// </summary>
    public static Task<Stream> OpenDecompressedAsync(Stream layer, CancellationToken cancellationToken) =>
        OpenDecompressedAsync(layer, leaveOpen: false, cancellationToken);

    internal static async Task<Stream> OpenDecompressedAsync(Stream layer, bool leaveOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var magic = new byte[ZstdMagic.Length];
        var length = await layer.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (length == 0)
        {
            // Empty input is an empty tar; Stream.Null lets TarReader say so instead of failing to read a header.
            if (!leaveOpen) await layer.DisposeAsync().ConfigureAwait(false);
            return Stream.Null;
        }
        var sniffed = magic.AsMemory(0, length);
        var replay = new PrefixedStream(sniffed.ToArray(), layer, leaveOpen);

        if (sniffed.Span.StartsWith(GzipMagic))
        {
            return new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false);
        }
        if (sniffed.Span.StartsWith(ZstdMagic))
        {
            return new DecompressionStream(replay, leaveOpen: false);
        }
        return replay;
    }
}
