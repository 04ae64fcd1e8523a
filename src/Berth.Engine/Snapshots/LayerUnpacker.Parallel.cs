using Berth.Images.Layers;
using Berth.Oci;
using Berth.Storage.Snapshots;

namespace Berth.Engine.Snapshots;

/// <summary>
/// The parallel unpack, for a snapshotter whose snapshots hold only their own changes (overlay), as
/// containerd's unpacker does with a snapshotter that can rebase: each layer is applied, as soon as its blob
/// is on disk, into an <c>extract-</c> snapshot prepared on nothing, with its whiteouts written in overlay's
/// form (<see cref="WhiteoutStyle.Overlay"/>) instead of deleting through a mount of its parents. Only the
/// Commits go in chain order, under the chain-ID locks taken bottom up exactly as in the sequential path, each
/// onto its parent. The diff ID is checked in the applying pass, so a layer that does not match is never staged.
/// </summary>
/// <remarks>
/// A layer that cannot be applied without its parents in view (a hard link to a file of a lower layer) is
/// applied the sequential way, through a mount of its committed parents, when its turn to commit comes.
/// </remarks>
public sealed partial class LayerUnpacker
{
    // A layer applied into a parentless extract snapshot (Key), or, with Key null, one that needs its parents mounted.
    private sealed record Staged(string? Key, long Size);

    private async Task<IReadOnlyList<UnpackedLayer>> UnpackInParallelAsync(
        IReadOnlyList<Descriptor> blobs, IReadOnlyList<Digest> diffIds, IReadOnlyList<Digest> chain, IReadOnlyList<Task>? ready, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Applying is CPU work (inflate, hash) and file system calls: more at once than CPUs only adds contention.
        // Waiters are served in order, so lower layers, which commit first, get the slots first.
        using var slots = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        var staging = new Task<Staged?>[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var index = i;
            // Task.Run: applying is mostly synchronous file system work, and the layers should really run side by side.
            staging[i] = Task.Run(() => StageAsync(blobs[index], diffIds[index], chain[index], index, ready?[index], slots, stop.Token), stop.Token);
        }
        var consumed = new bool[chain.Count];
        var layers = new List<UnpackedLayer>(chain.Count);
        IDisposable? held = null;
        try
        {
            for (var i = 0; i < chain.Count; i++)
            {
                var staged = await staging[i];
                var hold = await locks.EnterAsync(chain[i], cancellationToken);
                var below = held;
                held = hold;
                try
                {
                    consumed[i] = true;
                    layers.Add(await CommitStagedAsync(blobs[i], diffIds[i], chain[i], i == 0 ? null : chain[i - 1], i, staged, cancellationToken));
                }
                finally
                {
                    // This layer now stands on its parent (or failed): the parent needs the lock no more.
                    below?.Dispose();
                }
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            held?.Dispose();
            // Whatever was staged and not committed goes (a failure above, or a layer that turned out to exist).
            for (var i = 0; i < chain.Count; i++)
            {
                if (consumed[i]) continue;
                await ((Task)staging[i]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (staging[i].IsCompletedSuccessfully && staging[i].Result is { Key: { } key }) await RemoveQuietlyAsync(key);
            }
        }
        return layers;
    }

    // Off the locks: a layer already committed is left for the commit pass to find again; null then.
    private async Task<Staged?> StageAsync(
        Descriptor blob, Digest diffId, Digest chainId, int index, Task? ready, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        if (ready is not null) await ready.WaitAsync(cancellationToken);
        if (await StatAsync(chainId, cancellationToken) is not null) return null;
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await ApplyUnparentedAsync(blob, diffId, index, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    // Under the chain ID's lock, with the parent committed (and locked) below.
    private async Task<UnpackedLayer> CommitStagedAsync(
        Descriptor blob, Digest diffId, Digest chainId, Digest? parent, int index, Staged? staged, CancellationToken cancellationToken)
    {
        SnapshotInfo? existing;
        try
        {
            existing = await StatAsync(chainId, cancellationToken);
        }
        catch
        {
            if (staged is { Key: { } leftover }) await RemoveQuietlyAsync(leftover);
            throw;
        }
        if (existing is not null)
        {
            if (staged is { Key: { } unused }) await RemoveQuietlyAsync(unused);
            if (existing.Kind != SnapshotKind.Committed || existing.Parent != parent?.ToString())
            {
                throw BerthException.Conflict($"snapshot {chainId} exists but is not the committed layer on {parent?.ToString() ?? "nothing"} that its chain ID names");
            }
            LogReused(chainId, blob.Digest);
            return await MeasuredAsync(chainId, diffId, extracted: false, cancellationToken);
        }
        // Staged as existing, but a collection took it since: stage it now.
        staged ??= await ApplyUnparentedAsync(blob, diffId, index, cancellationToken);
        if (staged.Key is not { } key)
        {
            var extracted = await ExtractAsync(blob, diffId, chainId, parent, cancellationToken);
            return await MeasuredAsync(chainId, diffId, extracted, cancellationToken);
        }
        var committed = false;
        try
        {
            await snapshotter.CommitAsync(chainId.ToString(), key, parent?.ToString(), cancellationToken);
            committed = true;
            LogExtracted(chainId, blob.Digest);
            return new UnpackedLayer(chainId, diffId, staged.Size, Extracted: true);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.Conflict)
        {
            // Another process committed the same chain ID first: same name, same content. Ours goes.
            LogLostRace(chainId);
            return await MeasuredAsync(chainId, diffId, extracted: false, cancellationToken);
        }
        finally
        {
            if (!committed) await RemoveQuietlyAsync(key);
        }
    }

    // The bottom layer has nothing below it, so its whiteouts hide nothing and are applied (as nothing) the usual way.
    private async Task<Staged> ApplyUnparentedAsync(Descriptor blob, Digest diffId, int index, CancellationToken cancellationToken)
    {
        var key = ExtractPrefix + Guid.NewGuid().ToString("N");
        var mounts = await snapshotter.PrepareAsync(key, null, cancellationToken);
        var staged = false;
        try
        {
            Digest actual;
            try
            {
                actual = await ApplyAsync(mounts, key, blob, index == 0 ? WhiteoutStyle.Delete : WhiteoutStyle.Overlay, cancellationToken);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.InvalidArgument && index > 0)
            {
                // Maybe only for want of the lower layers (a hard link to one of their files): the mounted way decides.
                LogNeedsParents(blob.Digest, e.Message);
                return new Staged(null, 0);
            }
            if (actual != diffId)
            {
                throw BerthException.Invalid($"layer {blob.Digest} unpacks to content {actual}, but the image config gives its diff_id as {diffId}");
            }
            var usage = await snapshotter.UsageAsync(key, cancellationToken);
            staged = true;
            return new Staged(key, usage.Size);
        }
        finally
        {
            if (!staged) await RemoveQuietlyAsync(key);
        }
    }

    private async Task<UnpackedLayer> MeasuredAsync(Digest chainId, Digest diffId, bool extracted, CancellationToken cancellationToken)
    {
        var usage = await snapshotter.UsageAsync(chainId.ToString(), cancellationToken);
        return new UnpackedLayer(chainId, diffId, usage.Size, extracted);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Debug,
        Message = "layer {Layer} could not be applied apart from its parents ({Reason}); applying it on a mount of them")]
    private partial void LogNeedsParents(string layer, string reason);
}
