using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Runtime.Conmon;

/// <summary>
/// One start of conmon and the parent's ends of its pipes: the handshake that <see cref="ConmonSupervisor"/>'s
/// remarks describe, shared by create and exec.
/// </summary>
/// <remarks>
/// The pipes, each found by conmon in an environment variable naming its descriptor:
/// <list type="bullet">
/// <item><c>_OCI_STARTPIPE</c>, parent to conmon: the first byte lets conmon go on past its start-up; with
/// <c>--exec-attach</c> a second byte lets the runtime's exec run.</item>
/// <item><c>_OCI_SYNCPIPE</c>, conmon to parent: a JSON line with the process's pid or the runtime's error; for an
/// exec a second line with the exit code follows, which Berth does not wait for.</item>
/// <item><c>_OCI_ATTACHPIPE</c>, conmon to parent, exec with <c>--exec-attach</c> only: one JSON line once the
/// attach socket listens, before the runtime's exec runs.</item>
/// </list>
/// </remarks>
internal sealed class ConmonSpawn : IDisposable
{
    /// <summary>
    /// Held while inheritable pipe ends exist. Every process started in that window inherits them, so two conmons
    /// started at once would each hold the other's sync pipe open. The lock is static because descriptor
    /// inheritance is process-wide, whatever instance starts the process.
    /// </summary>
    private static readonly Lock SpawnLock = new();

    private readonly Process _launcher;
    private readonly AnonymousPipeServerStream _sync;
    private readonly AnonymousPipeServerStream _start;
    private readonly AnonymousPipeServerStream? _attach;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ConmonSpawn(Process launcher, AnonymousPipeServerStream sync, AnonymousPipeServerStream start,
        AnonymousPipeServerStream? attach, CancellationToken cancellationToken)
    {
        _launcher = launcher;
        _sync = sync;
        _start = start;
        _attach = attach;
        _stdout = launcher.StandardOutput.ReadToEndAsync(cancellationToken);
        _stderr = launcher.StandardError.ReadToEndAsync(cancellationToken);
    }

    /// <summary>What the launcher printed before it exited: conmon's own complaints about its arguments.</summary>
    public string Diagnostics { get; private set; } = "";

    /// <summary>Starts conmon with the pipes' child ends, which the parent closes once the child has them.</summary>
    /// <param name="attachPipe">Also make the attach pipe (exec with <c>--exec-attach</c>).</param>
    /// <param name="cancellationToken">Ends the reads of the launcher's output.</param>
    /// <param name="workingDirectory">
    /// conmon's working directory, the container's own: conmon drops files there (an <c>oom</c> marker when the
    /// OOM killer strikes), which must not land wherever the daemon happened to be started.
    /// </param>
    public static ConmonSpawn Start(string conmonPath, IReadOnlyList<string> args, bool attachPipe, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(conmonPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var sync = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        var start = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
        var attach = attachPipe ? new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable) : null;
        try
        {
            lock (SpawnLock)
            {
                info.Environment["_OCI_SYNCPIPE"] = sync.GetClientHandleAsString();
                info.Environment["_OCI_STARTPIPE"] = start.GetClientHandleAsString();
                if (attach is not null) info.Environment["_OCI_ATTACHPIPE"] = attach.GetClientHandleAsString();
                Process launcher;
                try
                {
                    launcher = Process.Start(info) ?? throw new IOException($"cannot start {conmonPath}");
                }
                catch (Win32Exception e)
                {
                    throw new BerthException(ErrorKind.Unavailable, $"cannot run conmon ({conmonPath}): {e.Message}", e);
                }
                sync.DisposeLocalCopyOfClientHandle();
                start.DisposeLocalCopyOfClientHandle();
                attach?.DisposeLocalCopyOfClientHandle();
                launcher.StandardInput.Close();
                return new ConmonSpawn(launcher, sync, start, attach, cancellationToken);
            }
        }
        catch
        {
            sync.Dispose();
            start.Dispose();
            attach?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes one byte on the start pipe. The first lets conmon go on past its start-up (the parent's moment to put
    /// conmon in a cgroup of its own; Berth's monitors stay in the daemon's for now); with <c>--exec-attach</c>, the
    /// second, sent once the attach pipe has spoken, lets the runtime's exec run.
    /// </summary>
    public async Task SignalStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _start.WriteAsync(new byte[] { 0 }, cancellationToken);
            await _start.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // conmon is already gone (a bad flag, say); its exit code and stderr, or the sync pipe, say why.
        }
    }

    /// <summary>
    /// Waits for the launcher, which exits once the monitor it forked has written its pid file, and returns the
    /// monitor's pid. A launcher that failed (bad arguments) throws with what it printed.
    /// </summary>
    public async Task<int> WaitForMonitorAsync(string conmonPidFile, CancellationToken cancellationToken)
    {
        await _launcher.WaitForExitAsync(cancellationToken);
        Diagnostics = ((await _stderr) + (await _stdout)).Trim();
        if (_launcher.ExitCode != 0)
            throw new BerthException(ErrorKind.Internal, $"conmon exited with {_launcher.ExitCode}: {Diagnostics}");
        return await ReadPidAsync(conmonPidFile, cancellationToken);
    }

    /// <summary>The next line on the sync pipe, or null at end of file (conmon exited without reporting).</summary>
    public Task<SyncMessage?> ReadSyncAsync(CancellationToken cancellationToken) => ReadMessageAsync(_sync, "sync", cancellationToken);

    /// <summary>The attach pipe's one line (the socket listens), or null if conmon exited first.</summary>
    public Task<SyncMessage?> ReadAttachReadyAsync(CancellationToken cancellationToken) =>
        ReadMessageAsync(_attach ?? throw new InvalidOperationException("conmon was started without an attach pipe"), "attach", cancellationToken);

    /// <summary>A pid file as conmon and the runtimes write it: the decimal pid and nothing else.</summary>
    public static async Task<int> ReadPidAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new BerthException(ErrorKind.Internal, $"{path} holds '{text}', not a pid");
    }

    public void Dispose()
    {
        // Process.Dispose leaves the redirected streams to the finalizer; closed here, their pipes go at once.
        _launcher.StandardOutput.Dispose();
        _launcher.StandardError.Dispose();
        _launcher.Dispose();
        _sync.Dispose();
        _start.Dispose();
        _attach?.Dispose();
    }

    /// <remarks>
    /// The reader is thrown away after one line, with anything it buffered past it: fine, because Berth reads each
    /// pipe for one line only (an exec's second sync line, its exit code, is left to the exit file).
    /// </remarks>
    private static async Task<SyncMessage?> ReadMessageAsync(AnonymousPipeServerStream pipe, string name, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(pipe, leaveOpen: true);
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
            throw new BerthException(ErrorKind.Internal, $"conmon wrote '{line}' on its {name} pipe: {e.Message}", e);
        }
    }
}
