using System.Text.Json;
using Berth.Oci;
using Berth.Runtime.OciRuntimes;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Exec sessions under conmon, as Podman runs them: one monitor per session (<c>conmon --exec</c>), which runs
/// <c>RUNTIME exec --detach --process FILE</c>, holds the process's stdio, serves attach and records the exit code.
/// </summary>
/// <remarks>
/// <para>The handshake (see <see cref="ConmonSpawn"/> for the pipes):</para>
/// <list type="number">
/// <item>Berth writes the process spec to the session's directory and starts conmon; one byte on the start pipe
/// lets it go on; the launcher exits once the monitor's pid file is written.</item>
/// <item>With <see cref="ExecLaunch.Attach"/>: the monitor binds the attach socket and says so on the attach pipe,
/// then its runtime child blocks on the start pipe. Berth connects, and a second byte lets the runtime run, so
/// the connection is there before the process writes anything.</item>
/// <item>Once <c>RUNTIME exec</c> returns, the monitor writes the process's pid on the sync pipe, or -1 and the
/// runtime's stderr if it could not start the process.</item>
/// <item>When the process exits the monitor drains its output to the log and the attached clients, closes their
/// connections and writes the exit code to <c>PERSISTDIR/exit</c>.</item>
/// </list>
/// <para>
/// A process that never ran has no exit of its own: Berth writes <c>exit</c> itself, with the code
/// <c>docker exec</c> gives (127 when the program is not found, 126 when it cannot be run), and throws with the
/// runtime's message.
/// </para>
/// </remarks>
internal sealed class ConmonExec(ConmonOptions options, IOciRuntime runtime, ILogger logger)
{
    public async Task<ExecHandle> RunAsync(ExecLaunch launch, CancellationToken cancellationToken)
    {
        ConmonIds.Check(launch.ContainerId, "container");
        ConmonIds.Check(launch.ExecId, "exec");
        Directory.CreateDirectory(options.SocketDir);
        Directory.CreateDirectory(launch.PersistDir);
        if (launch.LogPath is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(launch.LogPath))!);
        // A reused session directory must not answer for this run with the last one's files.
        File.Delete(ConmonArguments.ExecExitFile(launch.PersistDir));
        File.Delete(ConmonArguments.ConmonPidFile(launch));
        File.Delete(ConmonArguments.ExecPidFile(launch));
        await WriteProcessAsync(launch, cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CreateTimeout);
        using var spawn = ConmonSpawn.Start(
            options.ConmonPath, ConmonArguments.BuildExec(options, runtime.Options, launch), launch.Attach, launch.PersistDir, timeout.Token);
        AttachConnection? attach = null;
        try
        {
            await spawn.SignalStartAsync(timeout.Token);
            var conmonPid = await spawn.WaitForMonitorAsync(ConmonArguments.ConmonPidFile(launch), timeout.Token);
            if (launch.Attach && await spawn.ReadAttachReadyAsync(timeout.Token) is not null)
            {
                attach = await AttachConnection.ConnectAsync(options.SocketDir, launch.ExecId, timeout.Token);
                await spawn.SignalStartAsync(timeout.Token);
            }
            // Without an attach message conmon has ended: the sync pipe says why, or is empty too.
            var message = await spawn.ReadSyncAsync(timeout.Token)
                ?? throw new BerthException(ErrorKind.Internal,
                    $"conmon {conmonPid} ended before reporting exec {launch.ExecId} in container {launch.ContainerId}: {spawn.Diagnostics}");
            if (message.Data < 0) throw await NotRunAsync(launch, RuntimeErrors.Message(message.Message ?? ""));
            ConmonLog.ExecStarted(logger, launch.ExecId, launch.ContainerId, runtime.Options.Name, conmonPid, message.Data);
            return new ExecHandle(launch.ExecId, conmonPid, message.Data) { Attach = attach };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync(launch, attach);
            throw new BerthException(ErrorKind.Unavailable,
                $"conmon did not start exec {launch.ExecId} in container {launch.ContainerId} within {options.CreateTimeout.TotalSeconds:0} s");
        }
        catch
        {
            await AbandonAsync(launch, attach);
            throw;
        }
    }

    /// <summary>
    /// The session's exit code once <c>exit</c> exists, waiting up to <paramref name="timeout"/>; null while the
    /// process runs. Once there is one, the session's attach link goes too (see
    /// <see cref="ConmonSupervisor.RemoveAttachLink"/>).
    /// </summary>
    public async Task<int?> ReadExitCodeAsync(string execId, string persistDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ConmonIds.Check(execId, "exec");
        var code = await ExitFile.WaitAsync(ConmonArguments.ExecExitFile(persistDir), timeout, cancellationToken);
        if (code is not null) ConmonSupervisor.RemoveAttachLink(options, execId);
        return code;
    }

    /// <summary>
    /// The process spec for the runtime, with <c>terminal</c> from the launch: the runtime takes everything from the
    /// file and ignores its own <c>--tty</c> when given one.
    /// </summary>
    private static async Task WriteProcessAsync(ExecLaunch launch, CancellationToken cancellationToken)
    {
        await using var file = File.Create(ConmonArguments.ProcessFile(launch));
        await JsonSerializer.SerializeAsync(file, launch.Process with { Terminal = launch.Tty }, ConmonJsonContext.Default.ProcessSpec,
            cancellationToken);
    }

    /// <summary>Records the exit code of a process the runtime could not start and returns the error to throw.</summary>
    private async Task<BerthException> NotRunAsync(ExecLaunch launch, string reason)
    {
        var code = ExecExitCodes.ForRuntimeError(reason);
        ConmonLog.ExecFailed(logger, launch.ExecId, launch.ContainerId, code, reason);
        await ExitFile.WriteAsync(ConmonArguments.ExecExitFile(launch.PersistDir), code, CancellationToken.None);
        return RuntimeErrors.Failure(runtime.Options, "exec", launch.ContainerId, reason);
    }

    /// <summary>
    /// A session that failed or was abandoned before its process ran must leave no monitor behind. Killing matters:
    /// closing the start pipe would not stop it, because its runtime child takes end of file as the go-ahead.
    /// </summary>
    private async Task AbandonAsync(ExecLaunch launch, AttachConnection? attach)
    {
        if (attach is not null) await attach.DisposeAsync();
        await ConmonSupervisor.KillConmonAsync(ConmonArguments.ConmonPidFile(launch));
        ConmonSupervisor.RemoveAttachLink(options, launch.ExecId);
    }
}
