using System.Text.Json;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// <c>docker save</c> in Docker 25+'s layout: an OCI image layout (oci-layout, index.json, blobs) that
/// also carries the docker-archive manifest.json and repositories, so old and new loaders both read it.
/// </summary>
public static class ArchiveWriter
{
    /// <summary>
    /// Streams the archive to <paramref name="output"/>, which need not seek (an HTTP response). Entries
    /// come in name order, as Docker's directory walk writes them, and each blob once. Blobs are written
    /// as stored, so manifests keep their digests and compressed layers stay compressed.
    /// </summary>
    public static async Task WriteAsync(ContentStore store, IReadOnlyList<SaveItem> items, Stream output, CancellationToken cancellationToken)
    {
        var images = await SavedImage.ReadAllAsync(store, items, cancellationToken);
        var blobs = images.SelectMany(image => image.Blobs).Distinct().OrderBy(blob => blob.Hex, StringComparer.Ordinal).ToList();
        var repositories = SaveDocuments.Repositories(images);

        await using var tar = new ArchiveTarWriter(output);
        await tar.WriteDirectoryAsync(ArchivePaths.BlobsDirectory, cancellationToken);
        await tar.WriteDirectoryAsync(ArchivePaths.Sha256Directory, cancellationToken);
        foreach (var blob in blobs)
        {
            await using var content = store.OpenRead(blob);
            await tar.WriteFileAsync(ArchivePaths.Blob(blob), content, cancellationToken);
        }
        var index = JsonSerializer.SerializeToUtf8Bytes(SaveDocuments.Index(images), OciJson.Writer.ImageIndex);
        await tar.WriteFileAsync(ArchivePaths.Index, index, cancellationToken);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(SaveDocuments.Manifest(images), ArchiveJsonWriters.Archive.ListArchiveManifestEntry);
        await tar.WriteFileAsync(ArchivePaths.Manifest, WithNewline(manifest), cancellationToken);
        var layout = JsonSerializer.SerializeToUtf8Bytes(new OciLayoutMarker(), ArchiveJsonWriters.Archive.OciLayoutMarker);
        await tar.WriteFileAsync(ArchivePaths.Layout, layout, cancellationToken);
        if (repositories.Count > 0)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(repositories, ArchiveJsonWriters.Archive.SortedDictionaryStringSortedDictionaryStringString);
            await tar.WriteFileAsync(ArchivePaths.Repositories, WithNewline(json), cancellationToken);
        }
    }

    // Docker writes these two with Go's json.Encoder, which ends the document with a newline.
    private static byte[] WithNewline(byte[] json) => [.. json, (byte)'\n'];
}
