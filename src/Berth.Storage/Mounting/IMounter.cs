namespace Berth.Storage.Mounting;

/// <summary>
/// The seam between mount descriptions (<see cref="Mount"/>) and the kernel. <see cref="KernelMounter"/>
/// does the mounts; tests substitute a recording fake to check what would be mounted.
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="MountAsync"/> stacks every mount of a list on the same target in order (as a
/// snapshotter returns them); <see cref="UnmountAsync"/> takes all of them off again. A caller that mounts
/// owns the target until it unmounts, and must unmount on every path (finally/Dispose), failures included.
/// </remarks>
public interface IMounter
{
    /// <summary>Mounts each of <paramref name="mounts"/> onto <paramref name="target"/>, an existing directory.</summary>
    Task MountAsync(IReadOnlyList<Mount> mounts, string target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Unmounts everything stacked on <paramref name="target"/>; a mount still busy is detached (MNT_DETACH)
    /// so it goes away once its last user does. Nothing mounted there is fine.
    /// </summary>
    Task UnmountAsync(string target, CancellationToken cancellationToken = default);
}
