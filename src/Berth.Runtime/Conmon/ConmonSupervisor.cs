using System.Diagnostics;
using Berth.Oci;
using Berth.Runtime.OciRuntimes;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime.Conmon;

/// <summary>
/// <see cref="IContainerSupervisor"/> with conmon, for one OCI runtime. It keeps nothing in memory: everything it
/// knows about a container is in the exit directory and the container's persist directory, so a new instance
/// (after the daemon restarts) picks up where the old one left off.
/// </summary>
/// <remarks>
/// <para>The handshake, as Podman does it (libpod's conmon runtime):</para>
/// <list type="number">
/// <item>Two pipes are made and their child ends inherited by conmon, which finds their descriptor numbers in
/// <c>_OCI_STARTPIPE</c> and <c>_OCI_SYNCPIPE</c>.</item>
/// <item>conmon first blocks reading the <em>start pipe</em>. That is the parent's moment to put conmon in a cgroup
/// of its own before conmon forks anything; one byte releases it.</item>
/// <item>conmon forks, the first process writes the survivor's pid to <c>--conmon-pidfile</c> and exits; the survivor
/// calls setsid and swaps its stdio for /dev/null, so it belongs to no one but init (or the nearest subreaper)
/// and outlives the daemon.</item>
/// <item>The survivor runs <c>RUNTIME create</c> with the container's stdio on pipes it owns, then writes one JSON line
/// on the <em>sync pipe</em>: the container's pid, or -1 and the runtime's stderr.</item>
/// <item>The container is now created; <see cref="StartAsync"/> runs <c>RUNTIME start</c> directly, as Podman does.</item>
/// </list>
/// <para>
/// An exec is the same dance with a monitor of its own (<c>conmon --exec</c>, which runs <c>RUNTIME exec</c>); see
/// <see cref="ConmonExec"/>.
/// </para>
/// </remarks>
public sealed class ConmonSupervisor(ConmonOptions options, IOciRuntime runtime, ILogger<ConmonSupervisor> logger) : IContainerSupervisor
{
    private readonly ConmonExec _exec = new(options, runtime, logger);

    public async Task<ConmonHandle> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        ConmonIds.Check(launch.Id, "container");
        Directory.CreateDirectory(options.ExitDir);
        Directory.CreateDirectory(options.SocketDir);
        Directory.CreateDirectory(launch.PersistDir);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(launch.LogPath))!);
        // A restarted container reuses its id: a previous run's exit file would read as this run's exit.
        File.Delete(ExitPath(launch.Id));
        File.Delete(Path.Combine(launch.PersistDir, "exit"));
        File.Delete(ConmonArguments.ConmonPidFile(launch));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CreateTimeout);
        using var spawn = ConmonSpawn.Start(
            options.ConmonPath, ConmonArguments.Build(options, runtime.Options, launch), attachPipe: false, launch.PersistDir, timeout.Token);
        try
        {
            await spawn.SignalStartAsync(timeout.Token);
            var conmonPid = await spawn.WaitForMonitorAsync(ConmonArguments.ConmonPidFile(launch), timeout.Token);
            var message = await spawn.ReadSyncAsync(timeout.Token)
                ?? throw new BerthException(ErrorKind.Internal, $"conmon {conmonPid} ended before reporting container {launch.Id}: {spawn.Diagnostics}");
            if (message.Data < 0)
            {
                var reason = RuntimeErrors.Message(message.Message ?? "");
                ConmonLog.CreateFailed(logger, launch.Id, reason);
                RemoveAttachLink(options, launch.Id);
                throw RuntimeErrors.Failure(runtime.Options, "create", launch.Id, reason);
            }
            ConmonLog.Created(logger, launch.Id, runtime.Options.Name, conmonPid, message.Data);
            return new ConmonHandle(launch.Id, conmonPid, message.Data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillStrayConmonAsync(launch);
            throw new BerthException(ErrorKind.Unavailable,
                $"conmon did not create container {launch.Id} within {options.CreateTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
            await KillStrayConmonAsync(launch);
            throw;
        }
    }

    public Task StartAsync(string id, CancellationToken cancellationToken = default) => runtime.StartAsync(id, cancellationToken);

    public Task<int?> ReadExitCodeAsync(string id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ConmonIds.Check(id, "container");
        return ExitFile.WaitAsync(ExitPath(id), timeout, cancellationToken);
    }

    public async Task<int> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        ConmonIds.Check(id, "container");
        return await ExitFile.WaitAsync(ExitPath(id), Timeout.InfiniteTimeSpan, cancellationToken)
            ?? throw new UnreachableException("an infinite wait ended without an exit code");
    }

    public Task<ExecHandle> ExecAsync(ExecLaunch launch, CancellationToken cancellationToken = default) =>
        _exec.RunAsync(launch, cancellationToken);

    public Task<int?> ReadExecExitCodeAsync(string execId, string persistDir, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _exec.ReadExitCodeAsync(execId, persistDir, timeout, cancellationToken);

    public async Task<int> WaitExecAsync(string execId, string persistDir, CancellationToken cancellationToken = default) =>
        await _exec.ReadExitCodeAsync(execId, persistDir, Timeout.InfiniteTimeSpan, cancellationToken)
            ?? throw new UnreachableException("an infinite wait ended without an exit code");

    /// <summary>
    /// conmon links SOCKETDIR/UUID to the bundle before it runs the runtime and unlinks it only when the process
    /// exits and its parent took the last sync message, so a failed create or exec, and every exec (whose last
    /// message Berth does not read), leaves the link behind.
    /// </summary>
    internal static void RemoveAttachLink(ConmonOptions options, string uuid)
    {
        var link = new FileInfo(Path.Combine(options.SocketDir, uuid));
        if (link.LinkTarget is not null) link.Delete();
    }

    /// <summary>Ends a monitor whose pid file says <paramref name="conmonPidFile"/>, if it is still there.</summary>
    internal static async Task KillConmonAsync(string conmonPidFile)
    {
        try
        {
            var pid = await ConmonSpawn.ReadPidAsync(conmonPidFile, CancellationToken.None);
            using var conmon = Process.GetProcessById(pid);
            conmon.Kill();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or BerthException)
        {
            // No pid file yet, or conmon already gone: nothing to kill.
        }
    }

    private string ExitPath(string id) => Path.Combine(options.ExitDir, id);

    /// <summary>A create that was abandoned must not leave its monitor (and a half-made container) behind.</summary>
    private async Task KillStrayConmonAsync(ContainerLaunch launch)
    {
        await KillConmonAsync(ConmonArguments.ConmonPidFile(launch));
        RemoveAttachLink(options, launch.Id);
        try
        {
            await runtime.DeleteAsync(launch.Id, force: true, CancellationToken.None);
        }
        catch (BerthException)
        {
            // The runtime never got as far as knowing the container.
        }
    }
}
