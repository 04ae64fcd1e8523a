namespace Berth.Runtime.Cgroups;

/// <summary>
/// The seam between <see cref="CgroupPreparer"/>'s decisions and the kernel: <see cref="KernelCgroupMounter"/>
/// mounts for real, tests substitute a recording fake.
/// </summary>
public interface ICgroupMounter
{
    /// <summary>
    /// Mounts a v1 hierarchy carrying only <paramref name="controller"/> at <paramref name="mountPoint"/>,
    /// creating the directory if needed. The kernel moves the controller off v2 as it does, or refuses
    /// (EBUSY) while any v2 cgroup still uses it.
    /// </summary>
    /// <exception cref="IOException">The mount failed; the message says why, fit for a log line.</exception>
    Task MountV1HierarchyAsync(string controller, string mountPoint, CancellationToken cancellationToken = default);
}
