namespace Berth.Storage.Snapshots;

/// <summary>The three kinds of snapshot; see <see cref="ISnapshotter"/>. Stored as these numbers.</summary>
public enum SnapshotKind
{
    Active = 1,
    View = 2,
    Committed = 3,
}
