using Berth.Registry.Server.Storage;

namespace Berth.Registry.Server.Hosting;

/// <summary><c>berth-registry gc</c>: removes the blobs no manifest of any repository references.</summary>
public static class RegistryGarbageCollection
{
    /// <summary>Runs one collection over <paramref name="root"/>, reporting to <paramref name="output"/>; refuses while a server holds the root.</summary>
    public static async Task RunAsync(string root, bool dryRun, TextWriter output, CancellationToken cancellationToken)
    {
        var layout = new RegistryLayout(root);
        using var rootLock = RootLock.Acquire(layout);
        layout.Create();
        var files = new AtomicFile(layout);
        var blobs = new BlobStore(layout, files);
        var collector = new GarbageCollector(layout, blobs, new RepositoryStore(layout, files), new UploadStore(layout, files, blobs, TimeProvider.System));
        var result = await collector.CollectAsync(dryRun, cancellationToken);
        foreach (var digest in result.BlobsDeleted)
            await output.WriteLineAsync($"{(dryRun ? "blob eligible for deletion" : "deleted blob")}: {digest}");
        await output.WriteLineAsync(
            $"{result.ManifestsMarked} manifests, {result.BlobsMarked} blobs marked, {result.BlobsDeleted.Count} blobs {(dryRun ? "eligible for deletion" : "deleted")} " +
            $"({result.BytesFreed} bytes), {result.UploadsPurged} abandoned uploads removed");
    }
}
