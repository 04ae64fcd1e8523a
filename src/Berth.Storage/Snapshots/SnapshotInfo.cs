namespace Berth.Storage.Snapshots;

/// <summary>A snapshot's metadata: its key (or committed name), its parent's name, its kind, when it was made.</summary>
public sealed record SnapshotInfo(string Name, string? Parent, SnapshotKind Kind, DateTimeOffset Created);
