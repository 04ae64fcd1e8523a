using Berth.Images.Content;
using Berth.Images.Store;
using Berth.Oci;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Images;

/// <summary>
/// Deletes blobs that no image references (manifest, config, layers): after rmi, prune and load, and when
/// the daemon starts, which also clears what a load that a crash interrupted had stored; and partial downloads
/// that no pull has come back to resume for <see cref="AbandonedDownloadAge"/>.
/// <para>
/// Anything that streams blobs not (or no longer) referenced by an image record — an import or load before
/// it commits, a save while it reads — holds a <see cref="LeaseAsync">lease</see>. A collection never runs
/// during a lease and never waits for one: it is put off and runs when the last lease ends, so rmi and
/// prune answer at once even while a large load is in progress.
/// </para>
/// </summary>
/// <param name="roots">More manifests whose blobs stay, such as the build cache's.</param>
public sealed partial class BlobCollector(ContentStore content, ImageStore images, ILogger<BlobCollector> logger, IEnumerable<IBlobRoots>? roots = null)
{
    /// <summary>How long a partial download (<c>content/resumable</c>) is kept for a pull to resume it.</summary>
    public static readonly TimeSpan AbandonedDownloadAge = TimeSpan.FromHours(24);

    private readonly SharedExclusiveLock _lock = new();
    private int _pending;

    /// <summary>Holds off collection until the returned lease is disposed.</summary>
    public async Task<IDisposable> LeaseAsync(CancellationToken cancellationToken)
    {
        var hold = await _lock.EnterSharedAsync(cancellationToken);
        return new Lease(this, hold);
    }

    /// <summary>Deletes unreferenced blobs now, or as soon as no lease is held; returns the bytes freed now.</summary>
    public async Task<long> CollectAsync(CancellationToken cancellationToken)
    {
        using var exclusive = _lock.TryEnterExclusive();
        if (exclusive is null)
        {
            Interlocked.Exchange(ref _pending, 1);
            LogDeferred();
            return 0;
        }
        Interlocked.Exchange(ref _pending, 0);
        var live = await LiveBlobsAsync(cancellationToken);
        if (live is null) return 0;
        long freed = 0;
        foreach (var blob in content.List().Where(b => !live.Contains(b)).ToList())
        {
            freed += content.SizeOf(blob);
            content.Delete(blob);
            LogDeleted(blob);
        }
        // Pulls hold a lease, so none is writing a partial now; one left for a day was given up on.
        var partials = content.RemoveResumableOlderThan(DateTime.UtcNow - AbandonedDownloadAge);
        if (partials > 0) LogPartialsDeleted(partials);
        return freed + partials;
    }

    /// <summary>Every blob an image record needs; null (collect nothing) when a manifest cannot be read.</summary>
    private async Task<HashSet<Digest>?> LiveBlobsAsync(CancellationToken cancellationToken)
    {
        var live = new HashSet<Digest>();
        foreach (var image in images.List())
        {
            live.Add(image.Id);
            if (!await AddManifestAsync(live, image.ManifestDigest, cancellationToken))
            {
                // Without this manifest its layers are unknown; deleting anything could break the image.
                return null;
            }
        }
        foreach (var manifest in (roots ?? []).SelectMany(r => r.Manifests()))
        {
            // A cached build state whose blobs are gone is just a cache miss: it needn't hold back the rest.
            if (content.Exists(manifest)) await AddManifestAsync(live, manifest, cancellationToken);
        }
        return live;
    }

    /// <summary>Adds a manifest and the blobs it names to <paramref name="live"/>; false when it can't be read.</summary>
    private async Task<bool> AddManifestAsync(HashSet<Digest> live, Digest digest, CancellationToken cancellationToken)
    {
        live.Add(digest);
        try
        {
            var manifest = await ImageDocuments.ReadManifestAsync(content, digest, cancellationToken);
            live.Add(manifest.Config.ParsedDigest);
            foreach (var layer in manifest.Layers) live.Add(layer.ParsedDigest);
            return true;
        }
        catch (Exception e) when (e is BerthException or FormatException)
        {
            LogUnreadable(e, digest);
            return false;
        }
    }

    private void EndLease(IDisposable hold)
    {
        hold.Dispose();
        if (Interlocked.CompareExchange(ref _pending, 0, 0) == 1) _ = CollectInBackgroundAsync();
    }

    private async Task CollectInBackgroundAsync()
    {
        try
        {
            await CollectAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogBackgroundFailure(e);
        }
    }

    private sealed class Lease(BlobCollector owner, IDisposable hold) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.EndLease(hold);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "deleted unreferenced blob {Digest}")]
    private partial void LogDeleted(Digest digest);

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted partial downloads abandoned for a day ({Bytes} bytes)")]
    private partial void LogPartialsDeleted(long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "blob collection put off until running imports, loads and saves end")]
    private partial void LogDeferred();

    [LoggerMessage(Level = LogLevel.Warning, Message = "blob collection skipped: manifest {Manifest} cannot be read")]
    private partial void LogUnreadable(Exception exception, Digest manifest);

    [LoggerMessage(Level = LogLevel.Error, Message = "background blob collection failed")]
    private partial void LogBackgroundFailure(Exception exception);
}
