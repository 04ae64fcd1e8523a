using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Text.Json;
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
/// </remarks>
public sealed class ConmonSupervisor(ConmonOptions options, IOciRuntime runtime, ILogger<ConmonSupervisor> logger) : IContainerSupervisor
{
    /// <summary>
    /// Held while inheritable pipe ends exist. Every process started in that window inherits them, so two conmons
    /// started at once would each hold the other's sync pipe open. The lock is static because descriptor
    /// inheritance is process-wide, whatever instance starts the process.
    /// </summary>
    private static readonly Lock SpawnLock = new();

    public async Task<ConmonHandle> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        CheckId(launch.Id);
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
        using var sync = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        using var start = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
        using var launcher = Spawn(launch, sync, start);
        var stdout = launcher.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = launcher.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await ReleaseAsync(start, timeout.Token);
            await launcher.WaitForExitAsync(timeout.Token);
            var diagnostics = ((await stderr) + (await stdout)).Trim();
            if (launcher.ExitCode != 0)
                throw new BerthException(ErrorKind.Internal, $"conmon exited with {launcher.ExitCode}: {diagnostics}");

            var conmonPid = await ReadPidAsync(ConmonArguments.ConmonPidFile(launch), timeout.Token);
            var message = await ReadSyncAsync(sync, timeout.Token)
                ?? throw new BerthException(ErrorKind.Internal, $"conmon {conmonPid} ended before reporting container {launch.Id}: {diagnostics}");
            if (message.Data < 0)
            {
                var reason = RuntimeErrors.Message(message.Message ?? "");
                ConmonLog.CreateFailed(logger, launch.Id, reason);
                RemoveAttachLink(launch.Id);
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
        CheckId(id);
        return ExitFile.WaitAsync(ExitPath(id), timeout, cancellationToken);
    }

    public async Task<int> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        return await ExitFile.WaitAsync(ExitPath(id), Timeout.InfiniteTimeSpan, cancellationToken)
            ?? throw new UnreachableException("an infinite wait ended without an exit code");
    }

    private string ExitPath(string id) => Path.Combine(options.ExitDir, id);

    /// <summary>Starts the launcher with the pipes' child ends, which the parent closes once the child has them.</summary>
    private Process Spawn(ContainerLaunch launch, AnonymousPipeServerStream sync, AnonymousPipeServerStream start)
    {
        var info = new ProcessStartInfo(options.ConmonPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in ConmonArguments.Build(options, runtime.Options, launch)) info.ArgumentList.Add(arg);
        lock (SpawnLock)
        {
            info.Environment["_OCI_SYNCPIPE"] = sync.GetClientHandleAsString();
            info.Environment["_OCI_STARTPIPE"] = start.GetClientHandleAsString();
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new IOException($"cannot start {options.ConmonPath}");
            }
            catch (Win32Exception e)
            {
                throw new BerthException(ErrorKind.Unavailable, $"cannot run conmon ({options.ConmonPath}): {e.Message}", e);
            }
            sync.DisposeLocalCopyOfClientHandle();
            start.DisposeLocalCopyOfClientHandle();
            process.StandardInput.Close();
            return process;
        }
    }

    /// <summary>
    /// Lets conmon go on past its start pipe. A cgroup for conmon itself would be joined before this; Berth's
    /// monitors stay in the daemon's cgroup for now.
    /// </summary>
    private static async Task ReleaseAsync(AnonymousPipeServerStream start, CancellationToken cancellationToken)
    {
        try
        {
            await start.WriteAsync(new byte[] { 0 }, cancellationToken);
            await start.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // conmon is already gone (a bad flag, say); its exit code and stderr say why, read next.
        }
    }

    /// <summary>The first line on the sync pipe, or null at end of file (conmon exited without reporting).</summary>
    private static async Task<SyncMessage?> ReadSyncAsync(AnonymousPipeServerStream sync, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(sync, leaveOpen: true);
        // The read itself cannot be cancelled on an anonymous pipe; WaitAsync abandons it, and the read ends
        // when conmon exits or is killed.
        var line = await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(cancellationToken);
        if (line is null) return null;
        try
        {
            return JsonSerializer.Deserialize(line, ConmonJsonContext.Default.SyncMessage)
                ?? throw new JsonException("null message");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Internal, $"conmon wrote '{line}' on its sync pipe: {e.Message}", e);
        }
    }

    private static async Task<int> ReadPidAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new BerthException(ErrorKind.Internal, $"{path} holds '{text}', not a pid");
    }

    /// <summary>A create that was abandoned must not leave its monitor (and a half-made container) behind.</summary>
    private async Task KillStrayConmonAsync(ContainerLaunch launch)
    {
        try
        {
            var pid = await ReadPidAsync(ConmonArguments.ConmonPidFile(launch), CancellationToken.None);
            using var conmon = Process.GetProcessById(pid);
            conmon.Kill();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or BerthException)
        {
            // No pid file yet, or conmon already gone: nothing to kill.
        }
        RemoveAttachLink(launch.Id);
        try
        {
            await runtime.DeleteAsync(launch.Id, force: true, CancellationToken.None);
        }
        catch (BerthException)
        {
            // The runtime never got as far as knowing the container.
        }
    }

    /// <summary>
    /// conmon links SOCKETDIR/ID to the bundle before it runs create and unlinks it only when the container
    /// exits, so a failed create leaves the link behind.
    /// </summary>
    private void RemoveAttachLink(string id)
    {
        var link = new FileInfo(Path.Combine(options.SocketDir, id));
        if (link.LinkTarget is not null) link.Delete();
    }

    /// <summary>The id names files in shared directories: it must be one plain file name.</summary>
    private static void CheckId(string id)
    {
        if (string.IsNullOrEmpty(id) || id is "." or ".." || id.IndexOfAny(['/', '\0']) >= 0)
            throw BerthException.Invalid($"invalid container id '{id}'");
    }
}
