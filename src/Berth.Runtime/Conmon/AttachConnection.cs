using System.Net.Sockets;
using Berth.Oci;

namespace Berth.Runtime.Conmon;

/// <summary>
/// A connection to a conmon's attach socket: the live output of a container (or exec session), and its stdin.
/// </summary>
/// <remarks>
/// <para>
/// Where. conmon binds <c>attach</c> in the bundle directory it was given and links <c>SOCKETDIR/UUID</c> (its
/// <c>--socket-dir-path</c> and <c>--cuuid</c>) to that directory, so <c>SOCKETDIR/UUID/attach</c> is short enough
/// for a unix socket address however deep the bundle is. The socket exists from before the runtime's create
/// until the process has exited, so a client that connects before start misses nothing.
/// </para>
/// <para>
/// The wire. The socket is <c>SOCK_SEQPACKET</c>: every write is one message and every read returns exactly one,
/// cut short (the rest thrown away) if the reader's buffer is smaller. Each message from conmon is one read of
/// the process's pipe: one byte naming the pipe (2 stdout, 3 stderr; 1 would be stdin and is never sent), then
/// up to 8192 bytes as the process wrote them. conmon sends the same messages to every connected client, and a
/// client that cannot keep up loses its write side (conmon shuts it down rather than block the container).
/// Messages to conmon are plain stdin bytes with no header; conmon reads each into a 32 KiB buffer (one byte less
/// in some releases), so stdin goes out in smaller messages. When the process has exited and its pipes are
/// drained, conmon closes every connection: a read of zero bytes is the end.
/// </para>
/// <para>
/// Stdin. It reaches the process only if the monitor was started with a stdin pipe (<c>OpenStdin</c>);
/// otherwise conmon holds the bytes and never delivers them. <see cref="CloseStdin"/> shuts down this side's
/// writes; conmon sees the end of the connection's input and closes the process's stdin unless it was told to
/// leave it open (<c>--leave-stdin-open</c>, which Berth passes unless <c>StdinOnce</c>). Output keeps flowing after it.
/// A process on a terminal reads no end of file from that (conmon's stdin is the pty master, which stays open for
/// output): end of input there is the terminal's EOF character, ^D, written like any other input.
/// </para>
/// <para>One reader and one writer may use a connection at the same time; two concurrent reads may not.</para>
/// </remarks>
public sealed class AttachConnection : IAsyncDisposable
{
    private const byte StdoutPipe = 2;
    private const byte StderrPipe = 3;

    /// <summary>
    /// Room for any message conmon sends (1 + 8192 bytes) with a wide margin: a message that fills it was
    /// longer than this protocol allows and has lost its end.
    /// </summary>
    private const int ReceiveBufferSize = 32 * 1024;

    /// <summary>Well under conmon's 32 KiB stdin read, so no release cuts a message short.</summary>
    private const int StdinChunkSize = 8 * 1024;

    private readonly Socket _socket;
    private readonly string _path;
    private readonly byte[] _buffer = new byte[ReceiveBufferSize];

    private AttachConnection(Socket socket, string path)
    {
        _socket = socket;
        _path = path;
    }

    /// <summary>The longest path a unix socket address takes (sun_path is 108 bytes with its terminating zero).</summary>
    private const int MaxSocketPath = 107;

    /// <summary>Connects to <c>SOCKETDIR/ID/attach</c>, where ID is a container id or an exec id.</summary>
    /// <exception cref="BerthException">
    /// <see cref="ErrorKind.NotFound"/> when there is no such socket (no monitor for that id, or its process has
    /// already exited); <see cref="ErrorKind.Unavailable"/> when the socket is there but nothing answers.
    /// </exception>
    public static async Task<AttachConnection> ConnectAsync(string socketDir, string id, CancellationToken cancellationToken = default)
    {
        ConmonIds.Check(id, "container or exec");
        var path = Path.Combine(socketDir, id, "attach");
        // A unix socket address holds 107 bytes; deep data roots make longer paths. As Podman does, such a path is
        // reached through an O_PATH descriptor of its directory: /proc/self/fd/N/attach is always short.
        using var directory = path.Length > MaxSocketPath ? ShortPath.Open(Path.Combine(socketDir, id)) : null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(directory is null ? path : directory.Path + "/attach"), cancellationToken);
            return new AttachConnection(socket, path);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Path.Exists(path)
                ? new BerthException(ErrorKind.Unavailable, $"conmon does not answer on {path}: {e.Message}", e)
                : BerthException.NotFound($"cannot attach to {id}: no attach socket at {path} (no monitor runs a process by that id)");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next chunk of output, or null once conmon has closed the connection because the process exited.</summary>
    public async Task<AttachFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return null;
        }
        if (read == 0) return null;
        if (read == _buffer.Length)
            throw new BerthException(ErrorKind.Internal, $"conmon sent a message of {read} bytes or more on {_path}, more than its protocol allows");
        var stream = _buffer[0] switch
        {
            StdoutPipe => LogStream.Stdout,
            StderrPipe => LogStream.Stderr,
            var pipe => throw new BerthException(ErrorKind.Internal, $"conmon sent output for pipe {pipe} on {_path}; only 2 (stdout) and 3 (stderr) exist"),
        };
        return new AttachFrame(stream, _buffer.AsSpan(1, read - 1).ToArray());
    }

    /// <summary>Sends <paramref name="data"/> to the process's stdin, in messages conmon reads whole.</summary>
    /// <exception cref="BerthException"><see cref="ErrorKind.Conflict"/> when conmon has closed the connection.</exception>
    public async Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var chunk = data[..Math.Min(StdinChunkSize, data.Length)];
                await _socket.SendAsync(chunk, SocketFlags.None, cancellationToken);
                data = data[chunk.Length..];
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.NotConnected)
        {
            throw BerthException.Conflict($"cannot write to stdin through {_path}: conmon closed the connection ({e.Message})");
        }
    }

    /// <summary>
    /// Ends this connection's input: conmon closes the process's stdin pipe, so the process reads end of file,
    /// unless the monitor keeps stdin open past its clients or the process is on a terminal (see the remarks).
    /// Output can still be read.
    /// </summary>
    public void CloseStdin()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NotConnected)
        {
            // conmon already closed the connection: the process has exited and its stdin with it.
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
