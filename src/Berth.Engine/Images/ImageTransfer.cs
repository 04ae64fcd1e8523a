using Berth.Images.Archive;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary><c>docker save</c> and <c>docker load</c> on top of the archive reader and writer.</summary>
public sealed class ImageTransfer(ImageService images, SharedExclusiveLock ingestLock, BlobCollector collector, TimeProvider clock)
{
    /// <summary>Writes the named images to <paramref name="output"/>; fails before writing a byte if a name is unknown.</summary>
    public async Task SaveAsync(IReadOnlyList<string> namesOrIds, Stream output, CancellationToken cancellationToken)
    {
        var items = new Dictionary<Digest, (Digest Manifest, List<ImageReference> Names)>();
        foreach (var nameOrId in namesOrIds)
        {
            var image = await images.ResolveAsync(nameOrId, cancellationToken);
            if (!items.TryGetValue(image.Id, out var item)) items[image.Id] = item = (image.Record.ManifestDigest, []);
            var named = image.Names.FirstOrDefault(n => ImageReference.TryParse(nameOrId, out var r) && r is not null && r.WithDefaultTag() == n);
            if (named is not null && !item.Names.Contains(named)) item.Names.Add(named);
        }
        await ArchiveWriter.WriteAsync(images.Content, items.Values.Select(i => new SaveItem(i.Manifest, i.Names)).ToList(), output, cancellationToken);
    }

    /// <summary>Loads every image in the archive; returns the lines docker prints for them.</summary>
    /// <remarks>A failed load deletes the blobs it had already stored, so the stores end as they began.</remarks>
    public async Task<IReadOnlyList<string>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadUnderLeaseAsync(archive, cancellationToken);
        }
        catch
        {
            await collector.CollectAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<IReadOnlyList<string>> LoadUnderLeaseAsync(Stream archive, CancellationToken cancellationToken)
    {
        using var lease = await ingestLock.EnterSharedAsync(cancellationToken);
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
