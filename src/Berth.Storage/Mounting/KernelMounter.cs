using Berth.Storage.Interop;

namespace Berth.Storage.Mounting;

/// <summary>
/// The real <see cref="IMounter"/>: mount(2) and umount2(2). Needs CAP_SYS_ADMIN in the mount namespace
/// the target lives in. A mount whose overlay data had to be made relative (<see cref="OverlayLowerdirs"/>)
/// is made on a thread of its own that unshares its working directory from the process (unshare(CLONE_FS)),
/// moves there and ends: the process's working directory never changes under other threads.
/// </summary>
public sealed class KernelMounter : IMounter
{
    public Task MountAsync(IReadOnlyList<Mount> mounts, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        ArgumentException.ThrowIfNullOrEmpty(target);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var mount in mounts) VolatileOverlay.ClearMarker(mount);
        var plans = mounts.Select(mount => MountPlanner.Plan(mount, target, Environment.SystemPageSize)).ToList();
        return plans.Any(plan => plan.Any(call => call.WorkingDirectory is not null))
            ? RunOnOwnThreadAsync(() => MountAll(plans, target))
            : Task.Run(() => MountAll(plans, target), cancellationToken);
    }

    public Task UnmountAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        cancellationToken.ThrowIfCancellationRequested();
        // Stacked mounts come off one at a time; EINVAL means nothing is mounted there any more.
        while (true)
        {
            var errno = MountCalls.Unmount(target, 0);
            if (errno == Errno.EBUSY)
            {
                errno = MountCalls.Unmount(target, MountCalls.MntDetach);
            }
            switch (errno)
            {
                case 0:
                    continue;
                case Errno.EINVAL or Errno.ENOENT:
                    return Task.CompletedTask;
                default:
                    throw Errno.Error("umount", target, errno);
            }
        }
    }

    // All or nothing: a failing call takes off what this list had already mounted.
    private static void MountAll(List<IReadOnlyList<MountCall>> plans, string target)
    {
        var mounted = 0;
        try
        {
            foreach (var plan in plans)
            {
                foreach (var call in plan)
                {
                    Make(call);
                }
                mounted++;
            }
        }
        catch
        {
            for (; mounted > 0; mounted--)
            {
                MountCalls.Unmount(target, MountCalls.MntDetach);
            }
            throw;
        }
    }

    private static void Make(MountCall call)
    {
        if (call.WorkingDirectory is not null)
        {
            MountCalls.ChangeThreadDirectory(call.WorkingDirectory);
        }
        var errno = MountCalls.Mount(call.Source, call.Target, call.Type, call.Flags, call.Data);
        if (errno != 0)
        {
            throw Errno.Error($"mount {call.Type ?? "bind"} {call.Source} ({call.Data}) onto", call.Target, errno);
        }
    }

    private static Task RunOnOwnThreadAsync(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "berth-mount",
        };
        thread.Start();
        return done.Task;
    }
}
