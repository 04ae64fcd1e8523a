using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// <c>docker load</c>: reads a docker-archive (Docker 25+ or older) or an OCI image layout tar into the
/// content store and says which images it held. Recording them in the image store is the caller's part.
/// </summary>
public static class ArchiveLoader
{
    /// <summary>
    /// Loads every image of <paramref name="tar"/>, read once from front to back. manifest.json decides
    /// the images when present (it carries Docker's names); otherwise index.json does. Blobs the archive
    /// carried but no image uses stay in the store, verified, for the engine's garbage collection.
    /// </summary>
    public static async Task<IReadOnlyList<LoadedImage>> LoadAsync(ContentStore store, Stream tar, CancellationToken cancellationToken)
    {
        var contents = await ArchiveReader.ReadAsync(store, tar, cancellationToken);
        var candidates = (contents.ManifestJson, contents.IndexJson) switch
        {
            ({ } manifestJson, _) => await DockerManifestImages.FindAsync(store, contents, manifestJson, cancellationToken),
            (null, { } indexJson) => await OciIndexImages.FindAsync(store, contents, indexJson, cancellationToken),
            _ => throw BerthException.Invalid($"invalid archive: no {ArchivePaths.Manifest} or {ArchivePaths.Index} found; is it a docker save or OCI layout tar?"),
        };
        var verifier = new ImageVerifier(store, contents);
        var images = new List<LoadedImage>();
        foreach (var candidate in candidates.ToList())
        {
            images.Add(await verifier.VerifyAsync(candidate, cancellationToken));
        }
        return images;
    }

    /// <summary>The size of a layer once decompressed, which is what Docker reports as an image's size.</summary>
    public static async Task<long> UncompressedSizeAsync(ContentStore store, Descriptor layer, CancellationToken cancellationToken) =>
        (await LayerMeasure.MeasureAsync(store, layer.ParsedDigest, cancellationToken)).Size;
}
