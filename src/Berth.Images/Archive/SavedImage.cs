using Berth.Images.Content;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>An image about to be saved: its manifest as index.json describes it, its blobs and its tagged names.</summary>
internal sealed record SavedImage(Descriptor Manifest, Digest Config, IReadOnlyList<Digest> Layers, IReadOnlyList<ImageReference> Names)
{
    /// <summary>The manifest, then its config, then its layers: every blob the archive must carry for this image.</summary>
    public IEnumerable<Digest> Blobs => [Manifest.ParsedDigest, Config, .. Layers];

    /// <summary>
    /// Reads the manifest (and the config, for the platform Docker records in index.json). The items are
    /// merged by manifest, so an image asked for twice is written once with all its names.
    /// </summary>
    public static async Task<IReadOnlyList<SavedImage>> ReadAllAsync(ContentStore store, IReadOnlyList<SaveItem> items, CancellationToken cancellationToken)
    {
        var images = new List<SavedImage>();
        foreach (var group in items.GroupBy(item => item.ManifestDigest))
        {
            images.Add(await ReadAsync(store, group.Key, group.SelectMany(item => item.Names), cancellationToken));
        }
        return images;
    }

    private static async Task<SavedImage> ReadAsync(ContentStore store, Digest digest, IEnumerable<ImageReference> names, CancellationToken cancellationToken)
    {
        var what = $"manifest {digest}";
        var manifest = await ArchiveJson.ReadBlobAsync(store, digest, OciJsonContext.Default.ImageManifest, what, cancellationToken);
        var configDigest = ArchiveJson.ParseDigest(manifest.Config.Digest, what);
        var config = await ArchiveJson.ReadBlobAsync(store, configDigest, OciJsonContext.Default.ImageConfig, $"image config {configDigest}", cancellationToken);
        var descriptor = new Descriptor
        {
            MediaType = manifest.MediaType ?? MediaTypes.OciManifest,
            Digest = digest.ToString(),
            Size = store.SizeOf(digest),
            Platform = new Platform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant },
        };
        var layers = manifest.Layers.Select(layer => ArchiveJson.ParseDigest(layer.Digest, what)).ToList();
        return new SavedImage(descriptor, configDigest, layers, TaggedNames(names));
    }

    // Docker's save: a bare name means :latest, and a name pinned by digest has no tag to record.
    private static List<ImageReference> TaggedNames(IEnumerable<ImageReference> names) =>
        names.Where(name => name.Digest is null).Select(name => name.WithDefaultTag()).Distinct().ToList();
}
