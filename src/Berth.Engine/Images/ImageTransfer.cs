using Berth.Images.Archive;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary><c>docker save</c> and <c>docker load</c> on top of the archive reader and writer.</summary>
public sealed class ImageTransfer(ImageService images, BlobCollector collector, TimeProvider clock)
{
    /// <summary>
    /// Writes the named images to <paramref name="output"/>; fails before writing a byte if a name is unknown.
    /// A repository without a tag saves every tag of it, as docker does. The lease keeps an rmi meanwhile
    /// from collecting blobs the archive still has to read.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<string> namesOrIds, Stream output, CancellationToken cancellationToken)
    {
        using var lease = await collector.LeaseAsync(cancellationToken);
        var items = new Dictionary<Digest, (Digest Manifest, List<ImageReference> Names)>();
        void Add(ImageDetails image, ImageReference? name)
        {
            if (!items.TryGetValue(image.Id, out var item)) items[image.Id] = item = (image.Record.ManifestDigest, []);
            if (name is not null && !item.Names.Contains(name)) item.Names.Add(name);
        }
        foreach (var nameOrId in namesOrIds)
        {
            var tagged = await TaggedInRepositoryAsync(nameOrId, cancellationToken);
            foreach (var (image, name) in tagged) Add(image, name);
            if (tagged.Count > 0) continue;
            var resolved = await images.ResolveAsync(nameOrId, cancellationToken);
            Add(resolved, resolved.Names.FirstOrDefault(n => ImageReference.TryParse(nameOrId, out var r) && r.WithDefaultTag() == n));
        }
        await ArchiveWriter.WriteAsync(images.Content, items.Values.Select(i => new SaveItem(i.Manifest, i.Names)).ToList(), output, cancellationToken);
    }

    /// <summary>For a bare repository name (<c>busybox</c>), every image tagged in it with that tag; else nothing.</summary>
    private async Task<List<(ImageDetails Image, ImageReference Name)>> TaggedInRepositoryAsync(string nameOrId, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(nameOrId, out var reference) || reference.Tag is not null || reference.Digest is not null) return [];
        var tagged = new List<(ImageDetails, ImageReference)>();
        foreach (var image in await images.ListAsync(cancellationToken))
        {
            tagged.AddRange(image.Names.Where(n => n.Repository == reference.Repository && n.Digest is null).Select(n => (image, n)));
        }
        return tagged;
    }

    /// <summary>Loads every image in the archive; returns the lines docker prints for them.</summary>
    /// <remarks>A failed load deletes the blobs it had already stored, so the stores end as they began.</remarks>
    public async Task<IReadOnlyList<string>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadWithLeaseAsync(archive, cancellationToken);
        }
        finally
        {
            // Blobs of a failed load, or layers that a re-loaded image no longer uses, go now (or after other leases).
            await collector.CollectAsync(CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<string>> LoadWithLeaseAsync(Stream archive, CancellationToken cancellationToken)
    {
        using var lease = await collector.LeaseAsync(cancellationToken);
        var loaded = await ArchiveLoader.LoadAsync(images.Content, archive, cancellationToken);
        var lines = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var image in loaded)
        {
            var names = image.Names.Select(n => n.WithDefaultTag()).ToList();
            foreach (var name in names)
            {
                if (images.Store.Resolve(name.ToString()) is { } previous && previous != image.ConfigDigest)
                    lines.Add($"The image {name.FamiliarString} already exists, renaming the old one with ID {previous} to empty string");
            }
            images.Store.Commit(new ImageRecord(image.ConfigDigest, image.ManifestDigest, image.Size, image.Created, now), names.Select(n => n.ToString()));
            lines.AddRange(names.Count > 0 ? names.Select(n => $"Loaded image: {n.FamiliarString}") : [$"Loaded image ID: {image.ConfigDigest}"]);
        }
        return lines;
    }
}
