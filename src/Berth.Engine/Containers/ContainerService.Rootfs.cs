using Berth.Oci;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Runs <paramref name="action"/> on the container's root filesystem as the host sees it: the live mount of a
    /// running container, or a mount made for the call (and removed after) of a stopped one. The container's
    /// lock is held throughout, so a stopped container is not started, and no container removed, meanwhile.
    /// </summary>
    /// <remarks>A running container's binds and tmpfs mounts are not part of this view, as with Docker's export.</remarks>
    public async Task<T> WithRootfsAsync<T>(string idOrName, Func<ContainerRecord, string, Task<T>> action, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        using (await _locks.EnterAsync(container.Id, cancellationToken))
        {
            var current = store.Get(container.Id) ?? throw BerthException.NotFound($"No such container: {idOrName}");
            var rootfs = layout.RootfsPath(current.Id);
            if (IsActive(current.State.Status) && current.State.Status != ContainerStatus.Restarting) return await action(current, rootfs);
            await MountRootfsAsync(current.Id, rootfs, throwaway: false, cancellationToken);
            try
            {
                return await action(current, rootfs);
            }
            finally
            {
                await mounter.UnmountAsync(rootfs, CancellationToken.None);
            }
        }
    }

    /// <summary>Publishes a container event for work done outside this class (commit, export, archive).</summary>
    public void Announce(ContainerRecord container, string action, params (string Key, string Value)[] extra) => Publish(container, action, extra);
}
