using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// The images of an OCI image layout (skopeo, podman, buildah, umoci, Docker 25+): each image manifest
/// index.json lists, and for a nested index (a multi-platform image) its linux/amd64 manifest.
/// </summary>
internal static class OciIndexImages
{
    private const string WantedOs = "linux";
    private const string WantedArchitecture = "amd64";

    public static async Task<ImageCandidates> FindAsync(ContentStore store, ArchiveContents contents, byte[] indexJson, CancellationToken cancellationToken)
    {
        var candidates = new ImageCandidates();
        var index = ArchiveJson.Parse(indexJson, OciJsonContext.Default.ImageIndex, ArchivePaths.Index);
        foreach (var descriptor in index.Manifests)
        {
            var name = ArchiveNames.FromAnnotations(descriptor.Annotations);
            if (MediaTypes.IsManifest(descriptor.MediaType))
            {
                var manifest = ArchiveJson.ParseDigest(descriptor.Digest, ArchivePaths.Index);
                contents.RequireBlob(manifest, ArchivePaths.Index);
                candidates.Add(manifest, name is null ? [] : [name]);
            }
            else if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                candidates.Add(await PickPlatformAsync(store, contents, descriptor, cancellationToken), name is null ? [] : [name]);
            }
            // Anything else (an artifact, a signature) is not an image to load.
        }
        return candidates;
    }

    /// <summary>
    /// Every image manifest reachable from index.json that the archive carries, for matching against
    /// manifest.json; a multi-platform index usually comes with one platform's manifest only.
    /// </summary>
    public static async Task<IReadOnlyList<(Digest Digest, ImageManifest Manifest)>> ManifestsInArchiveAsync(
        ContentStore store, ArchiveContents contents, byte[] indexJson, CancellationToken cancellationToken)
    {
        var found = new List<(Digest, ImageManifest)>();
        var pending = new Queue<Descriptor>(ArchiveJson.Parse(indexJson, OciJsonContext.Default.ImageIndex, ArchivePaths.Index).Manifests);
        var seen = new HashSet<Digest>();
        while (pending.TryDequeue(out var descriptor))
        {
            if (!Digest.TryParse(descriptor.Digest, out var digest) || !contents.Contains(digest) || !seen.Add(digest)) continue;
            var what = $"manifest {digest}";
            if (MediaTypes.IsManifest(descriptor.MediaType))
            {
                found.Add((digest, await ArchiveJson.ReadBlobAsync(store, digest, OciJsonContext.Default.ImageManifest, what, cancellationToken)));
            }
            else if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var nested = await ArchiveJson.ReadBlobAsync(store, digest, OciJsonContext.Default.ImageIndex, $"image index {digest}", cancellationToken);
                foreach (var child in nested.Manifests) pending.Enqueue(child);
            }
        }
        return found;
    }

    private static async Task<Digest> PickPlatformAsync(ContentStore store, ArchiveContents contents, Descriptor descriptor, CancellationToken cancellationToken)
    {
        var indexDigest = ArchiveJson.ParseDigest(descriptor.Digest, ArchivePaths.Index);
        contents.RequireBlob(indexDigest, ArchivePaths.Index);
        var what = $"image index {indexDigest}";
        var index = await ArchiveJson.ReadBlobAsync(store, indexDigest, OciJsonContext.Default.ImageIndex, what, cancellationToken);
        var match = index.Manifests.FirstOrDefault(child =>
            MediaTypes.IsManifest(child.MediaType) && child.Platform is { Os: WantedOs, Architecture: WantedArchitecture })
            ?? throw BerthException.Invalid($"invalid archive: {what} has no {WantedOs}/{WantedArchitecture} manifest");
        var manifest = ArchiveJson.ParseDigest(match.Digest, what);
        contents.RequireBlob(manifest, what);
        return manifest;
    }
}
