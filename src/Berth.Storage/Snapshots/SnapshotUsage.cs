namespace Berth.Storage.Snapshots;

/// <summary>Disk use of one snapshot's own directory: allocated bytes and distinct inodes.</summary>
public sealed record SnapshotUsage(long Size, long Inodes);
