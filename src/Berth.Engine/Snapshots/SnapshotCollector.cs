using System.Runtime.Versioning;
using Berth.Oci;
using Berth.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Removes the layer snapshots that no image needs any more, after rmi and prune. A layer snapshot is a
/// committed snapshot named by a chain ID; it is needed while some image's diff IDs chain to it
/// (<see cref="NeededBy"/>). Removal runs leaf first, so a layer whose only children go in the same pass
/// goes too; a snapshot that keeps a child (a container's rootfs, an unpack in progress, a needed layer
/// above) stays, and so does anything the snapshotter refuses to remove (Conflict).
/// </summary>
/// <remarks>
/// Each removal holds that chain ID's lock from the <see cref="KeyedLock{TKey}"/> the
/// <see cref="LayerUnpacker"/> uses, so an unpack that is reusing a layer has built on it before it can go.
/// Snapshots with other names (containers' and builds' keys) are never touched.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class SnapshotCollector(ISnapshotter snapshotter, KeyedLock<Digest> locks, ILogger<SnapshotCollector> logger)
{
    /// <summary>Every chain ID that the images with these configs stand on.</summary>
    public static IReadOnlySet<Digest> NeededBy(IEnumerable<ImageConfig> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.SelectMany(config => ChainId.Chain(ChainId.DiffIdsOf(config))).ToHashSet();
    }

    /// <summary>Removes every layer snapshot not in <paramref name="needed"/> that nothing stands on; returns the chain IDs removed.</summary>
    public async Task<IReadOnlyList<Digest>> CollectAsync(IReadOnlySet<Digest> needed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needed);
        var all = new List<SnapshotInfo>();
        await foreach (var info in snapshotter.WalkAsync(cancellationToken))
        {
            all.Add(info);
        }
        var children = all.Where(info => info.Parent is not null).GroupBy(info => info.Parent!).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

        // The walk lists parents before children, so backwards every child is decided before its parent.
        var removed = new List<Digest>();
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var info = all[i];
            if (info.Kind != SnapshotKind.Committed || !Digest.TryParse(info.Name, out var chainId) || needed.Contains(chainId) || children.ContainsKey(info.Name))
            {
                continue;
            }
            if (await TryRemoveAsync(chainId, cancellationToken))
            {
                removed.Add(chainId);
                if (info.Parent is { } parent && --children[parent] == 0)
                {
                    children.Remove(parent);
                }
            }
        }
        return removed;
    }

    private async Task<bool> TryRemoveAsync(Digest chainId, CancellationToken cancellationToken)
    {
        using var hold = await locks.EnterAsync(chainId, cancellationToken);
        try
        {
            await snapshotter.RemoveAsync(chainId.ToString(), cancellationToken);
            LogRemoved(chainId);
            return true;
        }
        catch (BerthException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
        {
            // Conflict: something was built on it since the walk. NotFound: someone else removed it. Either way, not ours to remove now.
            LogKept(chainId, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "removed unused layer snapshot {ChainId}")]
    private partial void LogRemoved(Digest chainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "kept layer snapshot {ChainId}: {Reason}")]
    private partial void LogKept(Digest chainId, string reason);
}
