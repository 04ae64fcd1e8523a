using Berth.Storage.Diff;

namespace Berth.Storage.Snapshots;

/// <summary>
/// The default snapshotter: each snapshot's <c>fs</c> holds only its own changes, and a mount stacks the
/// parent chain under it with overlayfs, so preparing a snapshot costs nothing whatever the image's size.
/// <list type="bullet">
/// <item>active, with parents: <c>overlay</c>, <c>lowerdir</c> = the parents' fs, nearest first; <c>upperdir</c> = its fs, <c>workdir</c> = its work;</item>
/// <item>active, no parent: a read-write bind of its fs;</item>
/// <item>view of one snapshot (or of none): a read-only bind of that fs;</item>
/// <item>view of a longer chain: <c>overlay</c> with lowerdirs only, which overlay makes read-only.</item>
/// </list>
/// A committed snapshot's fs is a finished layer that later mounts use as a lowerdir. Lists of layers
/// longer than one page of mount data are handled where they are mounted (<see cref="Mounting.OverlayLowerdirs"/>).
/// </summary>
internal sealed class OverlaySnapshotter(string root, OverlayFeatures features) : SnapshotStore(root)
{
    // An upper holds exactly its layer's changes, whiteouts included, whatever it was prepared on.
    public override bool CanCommitOntoParent => true;

    private protected override Task PopulateAsync(string staging, SnapshotKind kind, IReadOnlyList<string> parentFs, CancellationToken cancellationToken)
    {
        if (kind == SnapshotKind.Active && parentFs.Count > 0)
        {
            Directory.CreateDirectory(Path.Join(staging, "work"));
        }
        return Task.CompletedTask;
    }

    private protected override IReadOnlyList<Mount> MountsOf(SnapshotKind kind, string fs, string work, IReadOnlyList<string> parentFs)
    {
        if (kind == SnapshotKind.Active)
        {
            return parentFs.Count == 0
                ? [new Mount("bind", fs, ["rbind", "rw"])]
                : [new Mount("overlay", "overlay", [.. features.Options, $"workdir={work}", $"upperdir={fs}", $"lowerdir={string.Join(':', parentFs)}"])];
        }
        return parentFs.Count switch
        {
            0 => [new Mount("bind", fs, ["rbind", "ro"])],
            1 => [new Mount("bind", parentFs[0], ["rbind", "ro"])],
            _ => [new Mount("overlay", "overlay", [.. features.Options, $"lowerdir={string.Join(':', parentFs)}"])],
        };
    }

    // With a parent, the upper holds exactly the changes; without one, everything in fs is new, and a
    // character device 0:0 there is a real device node, not a whiteout.
    private protected override Task<LayerDiff> WriteChangesAsync(string fs, IReadOnlyList<string> parentFs, Stream output, CancellationToken cancellationToken)
    {
        var changes = parentFs.Count == 0 ? TreeChanges.Enumerate(null, fs) : UpperChanges.Enumerate(fs);
        return LayerDiffWriter.WriteAsync(changes, output, cancellationToken);
    }
}
