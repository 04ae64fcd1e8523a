using System.Text.Json;
using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.Conmon;
using Berth.Runtime.Spec;
using Berth.Runtime.Spec.Seccomp;
using Berth.Storage.Mounting;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Docker's start; false when the container is already running (the API's 304).</summary>
    /// <exception cref="BerthException">
    /// Conflict for a paused container; the runtime's error when the process cannot be started, after which
    /// the container is left created with exit code 126/127/128 and the error, as Docker leaves it.
    /// </exception>
    public async Task<bool> StartAsync(string idOrName, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        using (await _locks.EnterAsync(container.Id, cancellationToken))
        {
            var current = store.Get(container.Id) ?? throw BerthException.NotFound($"No such container: {idOrName}");
            switch (current.State.Status)
            {
                case ContainerStatus.Running: return false;
                case ContainerStatus.Paused: throw BerthException.Conflict("cannot start a paused container, try unpause instead");
                case ContainerStatus.Removing or ContainerStatus.Dead: throw BerthException.Conflict($"container {current.Id} is marked for removal and cannot be started");
            }
            _stoppedByUser.TryRemove(current.Id, out _);
            await StartLockedAsync(current, restartCount: 0, cancellationToken);
            return true;
        }
    }

    /// <summary>Sets up the bundle and starts the process under conmon. Called with the container's lock held.</summary>
    private async Task StartLockedAsync(ContainerRecord container, int restartCount, CancellationToken cancellationToken)
    {
        var id = container.Id;
        var settings = SettingsOf(container);
        var runtime = runtimes.Get(settings.Runtime);
        var rootfs = layout.RootfsPath(id);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // A container that exited while the daemon was down may still hold its previous run's state.
            if (Directory.Exists(Path.Join(runtime.Runtime.Options.StateRoot, id))) await runtime.Runtime.DeleteAsync(id, force: true, cancellationToken);
            await MountRootfsAsync(id, rootfs, settings.AutoRemove, cancellationToken);
            settings = settings with { Run = await WithVolumesAsync(id, settings.Run, rootfs, cancellationToken) };
            var mounted = timer.ElapsedMilliseconds;
            var netns = await networks.AttachAsync(container, settings.Run.Hostname is { Length: > 0 } name ? name : ContainerIds.Short(id), settings.Network, cancellationToken);
            var spec = await WriteBundleAsync(container, settings with { Run = settings.Run with { NetworkNamespacePath = netns } }, rootfs, cancellationToken);
            await networks.WriteEtcFilesAsync(id, settings.Network, cancellationToken);
            var bundled = timer.ElapsedMilliseconds;
            var handle = await runtime.Supervisor.CreateAsync(new ContainerLaunch
            {
                Id = id,
                Name = container.Name,
                BundlePath = layout.BundleDir(id),
                LogPath = layout.LogPath(id),
                PersistDir = layout.PersistDir(id),
                Tty = settings.Run.Tty,
                OpenStdin = settings.OpenStdin,
                StdinOnce = settings.StdinOnce,
                LogSizeMax = settings.Log.ConmonSizeMax,
            }, cancellationToken);
            var created = timer.ElapsedMilliseconds;
            await _attaches.ReleaseAsync(id, cancellationToken);
            await runtime.Supervisor.StartAsync(id, cancellationToken);
            LogStartTimes(id, mounted, bundled - mounted, created - bundled, timer.ElapsedMilliseconds - created);
            store.UpdateState(id, _ => new ContainerState
            {
                Status = ContainerStatus.Running,
                Pid = handle.ContainerPid,
                StartedAt = clock.GetUtcNow(),
                RestartCount = restartCount,
            });
            Publish(container, "start");
            LogStarted(id, spec.Process?.Args?.FirstOrDefault() ?? "", handle.ContainerPid);
        }
        catch (Exception e) when (e is BerthException or IOException or UnauthorizedAccessException)
        {
            var message = StartFailure.Describe(e.Message);
            await CleanUpRunAsync(id, runtime);
            _attaches.Cancel(id);
            store.UpdateState(id, s => s with { Status = s.StartedAt is null ? ContainerStatus.Created : ContainerStatus.Exited, Pid = 0, ExitCode = StartFailure.ExitCode(message), Error = message });
            _waiters.Exited(id, StartFailure.ExitCode(message));
            // dockerd removes a --rm container whose start failed; the docker CLI waits for that removal.
            if (settings.AutoRemove && store.Get(id) is { } failed) await RemoveLockedAsync(failed, removeVolumes: true);
            throw e is BerthException { Kind: not ErrorKind.Internal } berth
                ? new BerthException(berth.Kind, message, e)
                : BerthException.Invalid(message, e);
        }
        _ = MonitorAsync(id, runtime.Supervisor);
        StartWatchers(container, settings);
    }

    /// <param name="throwaway">
    /// A <c>--rm</c> container: its writable layer goes with it, so it is mounted volatile (as Podman does), and its
    /// unmount at exit does not sync the disk.
    /// </param>
    private async Task MountRootfsAsync(string id, string rootfs, bool throwaway, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(rootfs);
        await mounter.UnmountAsync(rootfs, cancellationToken);
        var mounts = await snapshotter.MountsAsync(id, cancellationToken);
        await mounter.MountAsync(throwaway ? VolatileOverlay.Apply(mounts) : mounts, rootfs, cancellationToken);
    }

    /// <summary>Writes the /etc files and config.json; the working directory is made in the rootfs if missing.</summary>
    private async Task<RuntimeSpec> WriteBundleAsync(ContainerRecord container, ContainerSettings settings, string rootfs, CancellationToken cancellationToken)
    {
        var id = container.Id;
        var image = await images.ResolveAsync(container.ImageId.ToString(), cancellationToken);
        var hostNetwork = settings.Run.NetworkMode == "host";
        var hostname = settings.Run.Hostname is { Length: > 0 } given ? given : hostNetwork ? Environment.MachineName : ContainerIds.Short(id);
        await ContainerEtcFiles.WriteAsync(layout, id, hostname, hostNetwork, settings.ExtraHosts, cancellationToken: cancellationToken);
        var files = new ContainerFiles { HostnamePath = layout.HostnamePath(id), HostsPath = layout.HostsPath(id), ResolvConfPath = layout.ResolvConfPath(id) };
        var spec = SpecGenerator.Generate(image.Config, settings.Run with { Hostname = hostname }, rootfs, id, files, new RootfsUserResolver(rootfs));
        // crun loads a filter compiled once by the daemon instead of compiling the profile at every create.
        spec = SeccompBpf.Precompiled(spec, settings.Runtime);
        if (spec.Process is { User: { } user, Cwd: { } cwd }) WorkingDirectory.Ensure(rootfs, cwd, user.Uid, user.Gid);
        // Not fsynced: the bundle is made again at every start, and lives on the exec root that a reboot empties.
        await File.WriteAllBytesAsync(Path.Join(layout.BundleDir(id), "config.json"),
            JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonContext.Default.RuntimeSpec), cancellationToken);
        return spec;
    }

    /// <summary>What a run leaves behind once its process is gone: the runtime's state, the rootfs mount and the network attachments.</summary>
    private async Task CleanUpRunAsync(string id, ContainerRuntime runtime)
    {
        try
        {
            await runtime.Runtime.DeleteAsync(id, force: true, CancellationToken.None);
        }
        catch (BerthException e)
        {
            LogCleanupFailed(e, id);
        }
        await mounter.UnmountAsync(layout.RootfsPath(id), CancellationToken.None);
        await ReleaseVolumesAsync(id);
        await networks.DetachAsync(id);
        // conmon links SOCKETDIR/ID to the bundle for the attach socket and leaves the link when the container exits.
        var link = new FileInfo(Path.Join(layout.SocketDir, id));
        if (link.LinkTarget is not null) link.Delete();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "container {Id} start took: rootfs {Mount} ms, bundle {Bundle} ms, create {Create} ms, attach and start {Start} ms")]
    private partial void LogStartTimes(string id, long mount, long bundle, long create, long start);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} started: {Program} as pid {Pid}")]
    private partial void LogStarted(string id, string program, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: the runtime could not delete its state")]
    private partial void LogCleanupFailed(Exception exception, string id);
}
