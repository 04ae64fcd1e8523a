using Berth.Images.Layers;

namespace Berth.Images.Archive;

/// <summary>
/// Like <c>docker load</c>, accepts the archive gzip- or zstd-compressed as well as plain.
/// </summary>
internal static class ArchiveInput
{
    /// <summary>Leaves <paramref name="tar"/> open.</summary>
    public static Task<Stream> OpenAsync(Stream tar, CancellationToken cancellationToken) =>
        LayerCompression.OpenDecompressedAsync(tar, leaveOpen: true, cancellationToken);
}
