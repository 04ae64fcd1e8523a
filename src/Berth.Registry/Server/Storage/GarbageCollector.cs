using Berth.Oci;
using Berth.Registry.Server.Manifests;

namespace Berth.Registry.Server.Storage;

/// <summary>What one collection did (or, in a dry run, would do).</summary>
internal sealed record CollectionResult(int ManifestsMarked, int BlobsMarked, IReadOnlyList<Digest> BlobsDeleted, long BytesFreed, int UploadsPurged);

/// <summary>
/// Mark and sweep over the whole root, like distribution's <c>registry garbage-collect</c>: every manifest any
/// repository links is live, with what it references (config, layers, index children, subject); every other
/// blob goes, with repository links left pointing at it. Runs with the root locked, so no push is in flight:
/// a sweep racing an upload could delete a blob a manifest is about to reference.
/// </summary>
internal sealed class GarbageCollector(RegistryLayout layout, BlobStore blobs, RepositoryStore repositories, UploadStore uploads)
{
    public async Task<CollectionResult> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var marked = new HashSet<Digest>();
        var manifests = 0;
        foreach (var name in repositories.List())
        {
            foreach (var digest in repositories.Manifests(name))
            {
                cancellationToken.ThrowIfCancellationRequested();
                marked.Add(digest);
                manifests++;
                if (!blobs.Exists(digest)) continue;
                var mediaType = await repositories.ManifestMediaTypeAsync(name, digest, cancellationToken);
                var document = ManifestDocument.Parse(await blobs.ReadAllBytesAsync(digest, cancellationToken), mediaType);
                foreach (var reference in document.Blobs.Concat(document.Manifests).Where(r => !r.Foreign)) marked.Add(reference.Digest);
                if (document.Subject is { } subject) marked.Add(subject.Digest);
            }
        }

        var deleted = new List<Digest>();
        long freed = 0;
        foreach (var digest in blobs.List().ToList())
        {
            if (marked.Contains(digest)) continue;
            deleted.Add(digest);
            freed += blobs.SizeOf(digest);
            if (!dryRun) blobs.Delete(digest);
        }
        if (dryRun) return new CollectionResult(manifests, marked.Count, deleted, freed, 0);

        var gone = deleted.ToHashSet();
        foreach (var name in repositories.List())
        {
            foreach (var link in repositories.LinkedBlobs(name).Where(gone.Contains).ToList()) repositories.UnlinkBlob(name, link);
        }
        // The root is locked: no client can be mid-upload, so every upload left is abandoned.
        var purged = uploads.PurgeStale(TimeSpan.Zero);
        foreach (var temp in Directory.EnumerateFiles(layout.TempRoot)) File.Delete(temp);
        return new CollectionResult(manifests, marked.Count, deleted, freed, purged);
    }
}
