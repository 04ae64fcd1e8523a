using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Berth.Api.Client;

/// <summary>
/// A connection the daemon has taken over for a container's stdio (attach, exec start). The request asks for
/// <c>Connection: Upgrade</c>, <c>Upgrade: tcp</c>; after <c>101 Switching Protocols</c> (or a plain 200 from older
/// daemons) the socket carries raw bytes both ways, which HttpClient cannot hand out, so the request is written on
/// a socket of our own. Reading gives the container's output; writing feeds its stdin; <see cref="CloseWrite"/>
/// half-closes the socket so the container sees end of input while its output keeps flowing.
/// </summary>
public sealed class HijackedConnection : Stream
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private ReadOnlyMemory<byte> _buffered;

    private HijackedConnection(Socket socket, ReadOnlyMemory<byte> buffered)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _buffered = buffered;
    }

    /// <summary>Sends the request and returns once the daemon has switched protocols.</summary>
    /// <exception cref="ApiException">The daemon answered with an error status; the message is its own.</exception>
    internal static async Task<HijackedConnection> OpenAsync(string socketPath, string host, string path, byte[]? jsonBody, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            }
            catch (SocketException e)
            {
                throw new DaemonUnreachableException(host, e);
            }
            var request = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\n")
                .Append("Host: localhost\r\n")
                .Append(CultureInfo.InvariantCulture, $"User-Agent: {BerthClient.UserAgent}\r\n")
                .Append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
            if (jsonBody is not null) request.Append("Content-Type: application/json\r\n");
            request.Append(CultureInfo.InvariantCulture, $"Content-Length: {jsonBody?.Length ?? 0}\r\n\r\n");
            await socket.SendAsync(Encoding.ASCII.GetBytes(request.ToString()), SocketFlags.None, ct);
            if (jsonBody is not null) await socket.SendAsync(jsonBody, SocketFlags.None, ct);

            var (status, headers, rest) = await ReadHeadAsync(socket, ct);
            if (status is HttpStatusCode.SwitchingProtocols or HttpStatusCode.OK) return new HijackedConnection(socket, rest);
            var body = await ReadErrorBodyAsync(socket, headers, rest, ct);
            throw new ApiException(status, ErrorMessage(body));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_buffered.IsEmpty) return await _stream.ReadAsync(buffer, cancellationToken);
        var count = Math.Min(buffer.Length, _buffered.Length);
        _buffered[..count].CopyTo(buffer);
        _buffered = _buffered[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _stream.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _stream.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);

    /// <summary>Tells the container its stdin has ended, keeping the output direction open.</summary>
    public void CloseWrite()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The daemon already closed the connection: nothing is left to tell.
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stream.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Reads the status line and headers; returns the bytes after them, which belong to the stream.</summary>
    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Headers, byte[] Remainder)> ReadHeadAsync(Socket socket, CancellationToken ct)
    {
        var received = new List<byte>(1024);
        var chunk = new byte[4096];
        int end;
        while ((end = HeaderEnd(received)) < 0)
        {
            var read = await socket.ReceiveAsync(chunk, SocketFlags.None, ct);
            if (read == 0) throw new IOException("the daemon closed the connection before answering");
            received.AddRange(chunk.AsSpan(0, read));
            if (received.Count > MaxHeaderBytes) throw new IOException("the daemon's response headers are too large");
        }
        var all = received.ToArray();
        var lines = Encoding.ASCII.GetString(all, 0, end).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusParts[1], CultureInfo.InvariantCulture, out var code))
            throw new IOException($"malformed response from the daemon: {lines[0]}");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return ((HttpStatusCode)code, headers, all[(end + 4)..]);
    }

    private static int HeaderEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') return i - 3;
        }
        return -1;
    }

    /// <summary>An error body: by Content-Length, else to the end of the connection (chunk framing is stripped).</summary>
    private static async Task<string> ReadErrorBodyAsync(Socket socket, Dictionary<string, string> headers, byte[] rest, CancellationToken ct)
    {
        using var body = new MemoryStream();
        body.Write(rest);
        var expected = headers.TryGetValue("Content-Length", out var length) && long.TryParse(length, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
        var chunk = new byte[4096];
        while (body.Length < expected)
        {
            var read = await socket.ReceiveAsync(chunk, SocketFlags.None, ct);
            if (read == 0) break;
            body.Write(chunk, 0, read);
            if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
                && body.ToArray().AsSpan().EndsWith("0\r\n\r\n"u8)) break;
        }
        var text = Encoding.UTF8.GetString(body.ToArray());
        return headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? Unchunk(text) : text;
    }

    private static string Unchunk(string text)
    {
        var output = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(text.AsSpan(position, lineEnd - position).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0) break;
            var start = lineEnd + 2;
            output.Append(text, start, Math.Min(size, text.Length - start));
            position = start + size + 2;
        }
        return output.ToString();
    }

    private static string ErrorMessage(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.ErrorResponse)?.Message ?? body.Trim();
        }
        catch (JsonException)
        {
            return body.Trim();
        }
    }
}
