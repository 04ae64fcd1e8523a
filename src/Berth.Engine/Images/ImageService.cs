using System.Collections.Concurrent;
using Berth.Images.Archive;
using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// The daemon's image operations over the content store and image store: lookup by name or ID, list,
/// tag, remove, prune, history. Import, save and load live in their own classes and share this lookup.
/// </summary>
public sealed class ImageService(ContentStore content, ImageStore store, BlobCollector collector)
{
    // Keyed by manifest digest: a manifest names its config, and both are immutable, so an entry never goes
    // stale (an image ID can be re-loaded under another manifest, so the ID is not a safe key).
    private readonly ConcurrentDictionary<Digest, (ImageManifest Manifest, ImageConfig Config)> _documents = new();
    private readonly ConcurrentDictionary<Digest, long> _layerSizes = new();

    public ContentStore Content => content;
    public ImageStore Store => store;

    /// <summary>Finds an image the way Docker does: by name (default tag latest), by digest, or by ID or ID prefix.</summary>
    public async Task<ImageDetails> ResolveAsync(string nameOrId, CancellationToken cancellationToken) =>
        await TryResolveAsync(nameOrId, cancellationToken) ?? throw BerthException.NotFound($"No such image: {DisplayName(nameOrId)}");

    public async Task<ImageDetails?> TryResolveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var id = ResolveId(nameOrId);
        return id is { } found && store.Get(found) is { } record ? await DetailsAsync(record, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<ImageDetails>> ListAsync(CancellationToken cancellationToken)
    {
        var names = store.AllNames();
        var images = new List<ImageDetails>();
        foreach (var record in store.List())
        {
            images.Add(await DetailsAsync(record, names.GetValueOrDefault(record.Id) ?? [], cancellationToken));
        }
        return images;
    }

    public async Task TagAsync(string source, ImageReference target, CancellationToken cancellationToken)
    {
        var image = await ResolveAsync(source, cancellationToken);
        store.SetName(target.WithDefaultTag().ToString(), image.Id);
    }

    /// <summary>
    /// Docker's rmi: a name untags only that name, deleting the image when it was the last one; an ID
    /// deletes the image, but only with <paramref name="force"/> when it has more than one name.
    /// </summary>
    public async Task<IReadOnlyList<ImageDeletion>> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken);
        var deletions = new List<ImageDeletion>();
        if (!IsIdReference(nameOrId, image.Id) && ImageReference.TryParse(nameOrId, out var named))
        {
            var name = named.WithDefaultTag();
            if (store.RemoveName(name.ToString())) deletions.Add(new ImageDeletion(name.FamiliarString, null));
            if (image.Tags.Count > 1) return deletions;
            // The last tag is gone: the image goes, and its repository digests with it, as in Docker.
            deletions.AddRange(image.RepoDigests.Select(n => new ImageDeletion(n.FamiliarString, null)));
        }
        else
        {
            if (image.Tags.Count > 1 && !force)
                throw BerthException.Conflict($"conflict: unable to delete {image.Id.Short} (must be forced) - image is referenced in multiple repositories");
            deletions.AddRange(Untagged(image));
        }
        store.RemoveImage(image.Id);
        deletions.Add(new ImageDeletion(null, image.Id));
        await collector.CollectAsync(cancellationToken);
        return deletions;
    }

    /// <summary>
    /// Untags without deleting, for an image that containers still use: a name loses that name (and, if it was the
    /// last tag, the repository digests go with it, as in Docker); an ID loses every name. The image stays, dangling.
    /// </summary>
    public IReadOnlyList<ImageDeletion> Untag(string nameOrId, ImageDetails image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var deletions = new List<ImageDeletion>();
        IEnumerable<ImageReference> names = image.Names;
        if (!IsIdReference(nameOrId, image.Id) && ImageReference.TryParse(nameOrId, out var named))
        {
            var name = named.WithDefaultTag();
            names = image.Tags.Count > 1 ? [name] : [name, .. image.RepoDigests];
        }
        foreach (var name in names)
        {
            if (store.RemoveName(name.ToString())) deletions.Add(new ImageDeletion(name.FamiliarString, null));
        }
        return deletions;
    }

    /// <summary>Removes dangling images (or, with <paramref name="all"/>, every image) that <paramref name="matches"/> selects.</summary>
    public async Task<(IReadOnlyList<ImageDeletion> Deleted, long SpaceReclaimed)> PruneAsync(bool all, Func<ImageDetails, bool> matches, CancellationToken cancellationToken)
    {
        var deletions = new List<ImageDeletion>();
        foreach (var image in await ListAsync(cancellationToken))
        {
            if ((!all && !image.IsDangling) || !matches(image)) continue;
            deletions.AddRange(Untagged(image));
            store.RemoveImage(image.Id);
            deletions.Add(new ImageDeletion(null, image.Id));
        }
        // Even with no image to remove, a collection frees abandoned partial downloads.
        var freed = await collector.CollectAsync(cancellationToken);
        return (deletions, freed);
    }

    /// <summary>The image's history, newest first, with each layer's uncompressed size on the entry that made it.</summary>
    public async Task<IReadOnlyList<ImageHistoryRow>> HistoryAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken);
        var layers = image.Manifest.Layers;
        var entries = image.Config.History is { Count: > 0 } history
            ? history
            : layers.Select(_ => new HistoryEntry()).ToList();
        var rows = new List<ImageHistoryRow>();
        var layerIndex = 0;
        foreach (var entry in entries)
        {
            long size = 0;
            if (!entry.EmptyLayer && layerIndex < layers.Count) size = await LayerSizeAsync(layers[layerIndex++], cancellationToken);
            rows.Add(new ImageHistoryRow(null, entry.Created, entry.CreatedBy ?? "", [], size, entry.Comment ?? ""));
        }
        rows.Reverse();
        if (rows.Count == 0) return rows;
        rows[0] = rows[0] with { Id = image.Id, Tags = image.Tags.Select(n => n.FamiliarString).ToList() };
        return rows;
    }

    public async Task<long> LayerSizeAsync(Descriptor layer, CancellationToken cancellationToken)
    {
        if (_layerSizes.TryGetValue(layer.ParsedDigest, out var size)) return size;
        size = await ArchiveLoader.UncompressedSizeAsync(content, layer, cancellationToken);
        _layerSizes[layer.ParsedDigest] = size;
        return size;
    }

    private static IEnumerable<ImageDeletion> Untagged(ImageDetails image) =>
        image.Names.Select(n => new ImageDeletion(n.FamiliarString, null));

    private Digest? ResolveId(string nameOrId)
    {
        if (Digest.TryParse(nameOrId, out var full)) return store.Get(full) is null ? null : full;
        if (ImageReference.TryParse(nameOrId, out var reference))
        {
            if (reference.Digest is { } manifestDigest && reference.Tag is null)
            {
                var byManifest = store.List().FirstOrDefault(i => i.ManifestDigest == manifestDigest);
                if (byManifest is not null) return byManifest.Id;
                // A pull by an index's digest records that digest as a name (the image's own manifest is another).
                if (store.Resolve(reference.ToString()) is { } byRepoDigest) return byRepoDigest;
            }
            else if (store.Resolve(reference.WithDefaultTag().ToString()) is { } byName)
            {
                return byName;
            }
        }
        if (nameOrId.Length is > 0 and <= 64 && Digest.IsLowerHex(nameOrId, nameOrId.Length))
        {
            var matches = store.FindByIdPrefix(nameOrId);
            if (matches.Count == 1) return matches[0];
        }
        return null;
    }

    private static bool IsIdReference(string nameOrId, Digest id) =>
        nameOrId == id.ToString() || (nameOrId.Length <= 64 && id.Hex.StartsWith(nameOrId, StringComparison.Ordinal));

    private static string DisplayName(string nameOrId) =>
        ImageReference.TryParse(nameOrId, out var reference) && !Digest.IsLowerHex(nameOrId, nameOrId.Length)
            ? reference.WithDefaultTag().FamiliarString
            : nameOrId;

    private Task<ImageDetails> DetailsAsync(ImageRecord record, CancellationToken cancellationToken) =>
        DetailsAsync(record, store.NamesOf(record.Id), cancellationToken);

    private async Task<ImageDetails> DetailsAsync(ImageRecord record, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (!_documents.TryGetValue(record.ManifestDigest, out var documents))
        {
            documents = (await ImageDocuments.ReadManifestAsync(content, record.ManifestDigest, cancellationToken),
                         await ImageDocuments.ReadConfigAsync(content, record.Id, cancellationToken));
            _documents[record.ManifestDigest] = documents;
        }
        return new ImageDetails(record, documents.Manifest, documents.Config, names.Select(ImageReference.Parse).ToList());
    }
}
