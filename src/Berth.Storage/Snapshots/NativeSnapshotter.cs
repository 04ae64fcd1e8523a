using Berth.Storage.Diff;
using Berth.Storage.Trees;

namespace Berth.Storage.Snapshots;

/// <summary>
/// The fallback where overlayfs is missing (or cannot stack on the data root's file system): every
/// snapshot's fs is a full copy of its parent's (<see cref="TreeCopier"/>), and its mount is a bind of it,
/// read-write for an active snapshot, read-only for a view. Simple and slow: preparing costs a copy of the
/// whole image, and a diff compares two whole trees (<see cref="TreeChanges"/>).
/// </summary>
internal sealed class NativeSnapshotter(string root) : SnapshotStore(root)
{
    private protected override Task PopulateAsync(string staging, SnapshotKind kind, IReadOnlyList<string> parentFs, CancellationToken cancellationToken) =>
        parentFs.Count == 0
            ? Task.CompletedTask
            : Task.Run(() => TreeCopier.Copy(parentFs[0], Path.Join(staging, "fs"), cancellationToken), cancellationToken);

    private protected override IReadOnlyList<Mount> MountsOf(SnapshotKind kind, string fs, string work, IReadOnlyList<string> parentFs) =>
        [new Mount("bind", fs, ["rbind", kind == SnapshotKind.Active ? "rw" : "ro"])];

    private protected override Task<LayerDiff> WriteChangesAsync(string fs, IReadOnlyList<string> parentFs, Stream output, CancellationToken cancellationToken) =>
        LayerDiffWriter.WriteAsync(TreeChanges.Enumerate(parentFs.Count == 0 ? null : parentFs[0], fs), output, cancellationToken);
}
