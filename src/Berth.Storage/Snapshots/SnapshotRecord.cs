namespace Berth.Storage.Snapshots;

/// <summary>
/// A snapshot's row: <paramref name="Id"/> names its directory (<c>snapshots/&lt;id&gt;</c>) and never
/// changes, while <paramref name="Key"/> does on commit.
/// </summary>
internal sealed record SnapshotRecord(long Id, string Key, long? ParentId, string? Parent, SnapshotKind Kind, DateTimeOffset Created)
{
    public SnapshotInfo ToInfo() => new(Key, Parent, Kind, Created);
}
