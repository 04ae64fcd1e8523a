using Berth.Images.Content;
using Berth.Images.Store;
using Berth.Oci;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Images;

/// <summary>
/// Deletes blobs that no image references (manifest, config, layers). Runs after rmi and prune and when
/// the daemon starts, which also clears blobs left by a load that a crash interrupted.
/// </summary>
public sealed partial class BlobCollector(ContentStore content, ImageStore images, SharedExclusiveLock ingestLock, ILogger<BlobCollector> logger)
{
    /// <summary>Deletes unreferenced blobs; returns the bytes freed.</summary>
    public async Task<long> CollectAsync(CancellationToken cancellationToken)
    {
        using var _ = await ingestLock.EnterExclusiveAsync(cancellationToken);
        var live = new HashSet<Digest>();
        foreach (var image in images.List())
        {
            live.Add(image.ManifestDigest);
            if (!content.Exists(image.ManifestDigest)) continue;
            var manifest = await ImageDocuments.ReadManifestAsync(content, image.ManifestDigest, cancellationToken);
            live.Add(manifest.Config.ParsedDigest);
            foreach (var layer in manifest.Layers) live.Add(layer.ParsedDigest);
        }
        long freed = 0;
        foreach (var blob in content.List().Where(b => !live.Contains(b)).ToList())
        {
            freed += content.SizeOf(blob);
            content.Delete(blob);
            LogDeleted(blob);
        }
        return freed;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "deleted unreferenced blob {Digest}")]
    private partial void LogDeleted(Digest digest);
}
