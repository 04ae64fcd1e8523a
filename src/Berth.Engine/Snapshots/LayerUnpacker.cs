using System.Runtime.Versioning;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Oci;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Turns an image's layer blobs into a chain of committed snapshots named by chain ID (<see cref="ChainId"/>),
/// the way containerd's unpacker does, so a container's rootfs is one Prepare on the top of the chain.
/// A layer whose chain ID is already committed is reused: every image with the same stack below and
/// including it shares that one snapshot.
/// </summary>
/// <remarks>
/// <para>Two ways. Where the snapshotter can commit a layer onto its parent afterwards
/// (<see cref="ISnapshotter.CanCommitOntoParent"/>, overlay), every layer is applied as soon as its blob is on
/// disk, in parallel, into an <c>extract-&lt;random&gt;</c> snapshot prepared on nothing, its whiteouts written in
/// overlay's form; only the Commits go in chain order (LayerUnpacker.Parallel.cs). Otherwise (native, whose
/// snapshots are full copies of their parents) one layer at a time, bottom up: Prepare the extract snapshot on
/// the parent chain → mount it on <c>SNAPSHOTTER_ROOT/unpack/&lt;key&gt;</c> → apply the blob (a whiteout deletes
/// the lower file) → unmount → Commit under the chain ID. A failure anywhere removes the extract snapshot; the
/// mount always comes off first.</para>
/// <para>The diff ID is checked in the same pass that unpacks: the decompressed stream is hashed as the
/// applier reads it, and a layer whose digest differs from <c>rootfs.diff_ids[i]</c> is never committed.</para>
/// <para>Locks. Each chain ID has a lock (<see cref="KeyedLock{TKey}"/>, shared with <see cref="SnapshotCollector"/>).
/// An unpack (either way: the parallel one applies off the locks and takes them only to commit) takes them
/// bottom up and holds a layer's lock until the layer above stands on it (as a child
/// it cannot be removed), so two unpacks of one stack never both extract a layer, and a collection never
/// removes a parent between its reuse and the Prepare on top. Locks are only ever taken in depth order
/// while one is held, so they cannot deadlock. The snapshotter's own check is the last word: a Commit
/// that finds the name taken (another process won) counts as done.</para>
/// <para>The top layer is unprotected once the unpack returns: record the image (so its chain IDs are
/// needed) before running a collection that could see its layers.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class LayerUnpacker(
    ISnapshotter snapshotter, IMounter mounter, ContentStore content, string snapshotterRoot, KeyedLock<Digest> locks, ILogger<LayerUnpacker> logger)
{
    private const string ExtractPrefix = "extract-";
    private readonly string _scratch = Path.Join(snapshotterRoot, "unpack");

    /// <summary>
    /// Makes sure every layer of the image is a committed snapshot; InvalidArgument when the manifest and
    /// config disagree on the number of layers or a layer's content does not match its diff ID.
    /// </summary>
    public Task<UnpackedImage> UnpackAsync(ImageManifest manifest, ImageConfig config, CancellationToken cancellationToken) =>
        UnpackAsync(manifest, config, null, cancellationToken);

    /// <summary>
    /// As <see cref="UnpackAsync(ImageManifest, ImageConfig, CancellationToken)"/>, while the blobs are still
    /// arriving: <paramref name="ready"/>[i] completes when layer i's blob is in the content store (null: all
    /// are). Each layer is unpacked as soon as it is there (in parallel where the snapshotter can commit a layer
    /// onto its parent afterwards, else bottom up as far as the layers on disk reach).
    /// </summary>
    public async Task<UnpackedImage> UnpackAsync(ImageManifest manifest, ImageConfig config, IReadOnlyList<Task>? ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var diffIds = ChainId.DiffIdsOf(config);
        if (manifest.Layers.Count != diffIds.Count)
        {
            throw BerthException.Invalid($"the manifest has {manifest.Layers.Count} layer(s) but the config lists {diffIds.Count} diff_id(s)");
        }
        if (ready is not null && ready.Count != diffIds.Count)
        {
            throw new ArgumentException($"{ready.Count} readiness task(s) for {diffIds.Count} layer(s)", nameof(ready));
        }
        var chain = ChainId.Chain(diffIds);
        var layers = snapshotter.CanCommitOntoParent
            ? await UnpackInParallelAsync(manifest.Layers, diffIds, chain, ready, cancellationToken)
            : await UnpackInRoundsAsync(manifest.Layers, diffIds, chain, ready, cancellationToken);
        return new UnpackedImage(chain.Count == 0 ? null : chain[^1], layers);
    }

    // Each round unpacks from the bottom as far up as the blobs on disk reach; the layers an earlier round
    // committed are found again under their locks (a collection may have taken them in between).
    private async Task<IReadOnlyList<UnpackedLayer>> UnpackInRoundsAsync(
        IReadOnlyList<Descriptor> blobs, IReadOnlyList<Digest> diffIds, IReadOnlyList<Digest> chain, IReadOnlyList<Task>? ready, CancellationToken cancellationToken)
    {
        if (ready is null)
        {
            return await UnpackBottomUpAsync(blobs, diffIds, chain, chain.Count, cancellationToken);
        }
        IReadOnlyList<UnpackedLayer> layers = [];
        var done = 0;
        while (done < chain.Count)
        {
            await ready[done].WaitAsync(cancellationToken);
            var count = done + 1;
            while (count < chain.Count && ready[count].IsCompleted) count++;
            layers = await UnpackBottomUpAsync(blobs, diffIds, chain, count, cancellationToken);
            done = count;
        }
        return layers;
    }

    // Layers 0..count-1, one at a time, each applied through a mount of its parents.
    private async Task<IReadOnlyList<UnpackedLayer>> UnpackBottomUpAsync(
        IReadOnlyList<Descriptor> blobs, IReadOnlyList<Digest> diffIds, IReadOnlyList<Digest> chain, int count, CancellationToken cancellationToken)
    {
        var layers = new List<UnpackedLayer>(count);
        IDisposable? held = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var hold = await locks.EnterAsync(chain[i], cancellationToken);
                var below = held;
                held = hold;
                bool extracted;
                try
                {
                    extracted = await EnsureLayerAsync(blobs[i], diffIds[i], chain[i], i == 0 ? null : chain[i - 1], cancellationToken);
                }
                finally
                {
                    // This layer now stands on its parent (or failed): the parent needs the lock no more.
                    below?.Dispose();
                }
                var usage = await snapshotter.UsageAsync(chain[i].ToString(), cancellationToken);
                layers.Add(new UnpackedLayer(chain[i], diffIds[i], usage.Size, extracted));
            }
        }
        finally
        {
            held?.Dispose();
        }
        return layers;
    }

    /// <summary>
    /// Clears what an unpack interrupted by a crash left behind: mounts and directories under the scratch
    /// directory and <c>extract-</c> snapshots. Call once when the daemon starts, before any unpack.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_scratch))
        {
            foreach (var target in Directory.EnumerateDirectories(_scratch).ToList())
            {
                await mounter.UnmountAsync(target, cancellationToken);
                Directory.Delete(target);
            }
        }
        var abandoned = new List<string>();
        await foreach (var info in snapshotter.WalkAsync(cancellationToken))
        {
            if (info.Kind == SnapshotKind.Active && info.Name.StartsWith(ExtractPrefix, StringComparison.Ordinal))
            {
                abandoned.Add(info.Name);
            }
        }
        foreach (var key in abandoned)
        {
            await snapshotter.RemoveAsync(key, cancellationToken);
            LogAbandonedRemoved(key);
        }
    }

    // Called with the chain ID's lock held. True when this call extracted and committed the layer.
    private async Task<bool> EnsureLayerAsync(Descriptor layer, Digest diffId, Digest chainId, Digest? parent, CancellationToken cancellationToken)
    {
        if (await StatAsync(chainId, cancellationToken) is { } existing)
        {
            if (existing.Kind != SnapshotKind.Committed || existing.Parent != parent?.ToString())
            {
                throw BerthException.Conflict($"snapshot {chainId} exists but is not the committed layer on {parent?.ToString() ?? "nothing"} that its chain ID names");
            }
            LogReused(chainId, layer.Digest);
            return false;
        }
        return await ExtractAsync(layer, diffId, chainId, parent, cancellationToken);
    }

    private async Task<bool> ExtractAsync(Descriptor layer, Digest diffId, Digest chainId, Digest? parent, CancellationToken cancellationToken)
    {
        var key = ExtractPrefix + Guid.NewGuid().ToString("N");
        var mounts = await snapshotter.PrepareAsync(key, parent?.ToString(), cancellationToken);
        var committed = false;
        try
        {
            var actual = await ApplyAsync(mounts, key, layer, WhiteoutStyle.Delete, cancellationToken);
            if (actual != diffId)
            {
                throw BerthException.Invalid($"layer {layer.Digest} unpacks to content {actual}, but the image config gives its diff_id as {diffId}");
            }
            try
            {
                await snapshotter.CommitAsync(chainId.ToString(), key, cancellationToken);
                committed = true;
                LogExtracted(chainId, layer.Digest);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.Conflict)
            {
                // Another process committed the same chain ID first: same name, same content. Ours goes.
                LogLostRace(chainId);
            }
            return committed;
        }
        finally
        {
            if (!committed)
            {
                await RemoveQuietlyAsync(key);
            }
        }
    }

    // Mounts the active snapshot, applies the layer through a hash of its decompressed bytes, and returns that hash.
    private async Task<Digest> ApplyAsync(IReadOnlyList<Storage.Mount> mounts, string key, Descriptor layer, WhiteoutStyle whiteouts, CancellationToken cancellationToken)
    {
        var target = Path.Join(_scratch, key);
        Directory.CreateDirectory(target);
        try
        {
            await mounter.MountAsync(mounts, target, cancellationToken);
            await using var blob = content.OpenRead(layer.ParsedDigest);
            await using var tar = new HashingReadStream(await LayerCompression.OpenDecompressedAsync(blob, cancellationToken));
            // The applier reads to the very end (padding after the end-of-archive blocks included), so the hash covers the whole tar.
            await LayerApplier.ApplyAsync(tar, target, whiteouts, cancellationToken);
            return tar.Finish();
        }
        finally
        {
            await mounter.UnmountAsync(target, CancellationToken.None);
            // Not recursive, and only after the unmount succeeded: the directory is empty again, never a mounted tree.
            Directory.Delete(target);
        }
    }

    private async Task<SnapshotInfo?> StatAsync(Digest chainId, CancellationToken cancellationToken)
    {
        try
        {
            return await snapshotter.StatAsync(chainId.ToString(), cancellationToken);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    // Runs while another exception may be on its way out: a failure here is logged, never thrown over it.
    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await snapshotter.RemoveAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is BerthException or IOException or UnauthorizedAccessException)
        {
            LogRemoveFailed(e, key);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "layer {Layer} extracted as snapshot {ChainId}")]
    private partial void LogExtracted(Digest chainId, string layer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "layer {Layer} already exists as snapshot {ChainId}")]
    private partial void LogReused(Digest chainId, string layer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "snapshot {ChainId} was committed by someone else first; using theirs")]
    private partial void LogLostRace(Digest chainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not remove the extract snapshot {Key}; it is removed when the daemon next starts")]
    private partial void LogRemoveFailed(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "removed {Key}, left by an unpack that was interrupted")]
    private partial void LogAbandonedRemoved(string key);
}
