namespace Berth.Storage.Snapshots;

/// <summary>
/// Keeps file system snapshots, the way containerd's <c>snapshots.Snapshotter</c> does: the layers of an
/// image become a chain of committed snapshots, and a container's rootfs is an active snapshot on top.
/// </summary>
/// <remarks>
/// <para>Terms. A snapshot is a directory tree known by a <em>key</em>. It is one of three kinds
/// (<see cref="SnapshotKind"/>): <em>active</em> (writable, made by <see cref="PrepareAsync"/>),
/// <em>view</em> (read-only, made by <see cref="ViewAsync"/>) or <em>committed</em> (read-only and
/// immutable, made by <see cref="CommitAsync"/>, and the only kind that can be a <em>parent</em>). Keys and
/// committed names share one namespace. A snapshot shows its parent chain's files with its own changes on top.</para>
/// <para>Lifecycle of a layer: <c>PrepareAsync("extract-1", parent)</c> → mount the returned mounts, apply
/// the layer tar into them, unmount → <c>CommitAsync("sha256:…chainid", "extract-1")</c>. The active key is
/// gone after the commit; the committed name is the next layer's parent. (A snapshotter that
/// <see cref="CanCommitOntoParent"/> also takes a layer prepared on nothing, written without any mount of its
/// parents, and committed onto its parent later.) A container does the same
/// without the commit, and <see cref="RemoveAsync"/> ends it.</para>
/// <para>Mounts are descriptions (<see cref="Mount"/>): the snapshotter never mounts anything itself, so a
/// caller mounts them where it likes (an <see cref="Mounting.IMounter"/>) and must unmount them before it
/// commits or removes the snapshot.</para>
/// <para>Metadata is durable: after a crash or a restart, a reopened snapshotter knows exactly the
/// snapshots whose operations had returned.</para>
/// </remarks>
public interface ISnapshotter : IDisposable
{
    /// <summary>
    /// Creates an active snapshot <paramref name="key"/> on top of the committed snapshot
    /// <paramref name="parent"/> (or empty when null) and returns its writable mounts.
    /// Conflict if <paramref name="key"/> exists; NotFound or InvalidArgument if the parent does not exist or is not committed.
    /// </summary>
    Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="PrepareAsync"/> but read-only, and a view can never be committed.</summary>
    Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent, CancellationToken cancellationToken = default);

    /// <summary>The mounts of an active snapshot or a view, again (the same as when it was made).</summary>
    Task<IReadOnlyList<Mount>> MountsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns the active snapshot <paramref name="key"/> into the committed snapshot <paramref name="name"/>;
    /// <paramref name="key"/> no longer exists afterwards. Its files must not change any more: unmount first.
    /// </summary>
    Task CommitAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when a snapshot's files are only its own changes in overlayfs's form (whiteouts as 0:0 character
    /// devices, opaque directories marked with <c>trusted.overlay.opaque</c>), so a layer can be written into an
    /// active snapshot prepared on nothing and committed onto its parent afterwards
    /// (<see cref="CommitAsync(string, string, string?, CancellationToken)"/>): layers unpack in parallel.
    /// False for a snapshotter whose snapshots are full copies of their parents.
    /// </summary>
    bool CanCommitOntoParent { get; }

    /// <summary>
    /// Like <see cref="CommitAsync(string, string, CancellationToken)"/> for an active snapshot prepared with no
    /// parent whose files are a layer's changes in overlay form: the committed snapshot stands on the committed
    /// snapshot <paramref name="parent"/> (or on nothing when null). InvalidArgument when the snapshotter cannot
    /// (<see cref="CanCommitOntoParent"/>) or <paramref name="key"/> was prepared on a parent; NotFound or
    /// InvalidArgument when <paramref name="parent"/> is missing or not committed. Unmount first.
    /// </summary>
    Task CommitAsync(string name, string key, string? parent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a snapshot of any kind with its files. A committed snapshot that is the parent of another is
    /// refused (Conflict): remove the children first.
    /// </summary>
    Task RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>What is known of <paramref name="key"/>; NotFound if nothing.</summary>
    Task<SnapshotInfo> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every snapshot, parents before their children.</summary>
    IAsyncEnumerable<SnapshotInfo> WalkAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Disk space and inodes that <paramref name="key"/>'s own directory uses (not its parents'), each inode
    /// counted once however many hard links name it.
    /// </summary>
    Task<SnapshotUsage> UsageAsync(string key, CancellationToken cancellationToken = default);
}
