using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using Berth.Api;
using Berth.Api.Models;
using Berth.Oci;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Berth.Daemon.Hosting;

/// <summary>One hijacking endpoint: the path it serves (a regex whose first group is the object id) and its handler.</summary>
/// <param name="Handle">Gets the request, the daemon's services and <c>accept</c>, which sends <c>101 UPGRADED</c> with
/// the given content type and returns the raw connection; a handler that fails before accepting gets an HTTP error.</param>
public sealed record HijackEndpoint(Regex Path, Func<HijackRequest, IServiceProvider, Func<string, Task<Stream>>, Task> Handle);

/// <summary>A hijack request as read off the connection: the object id from the path, the query and the body.</summary>
public sealed record HijackRequest(string Id, IQueryCollection Query, byte[] Body);

/// <summary>
/// Serves Docker's hijacked endpoints (attach, exec start) below Kestrel's HTTP layer. Kestrel takes a client's
/// FIN for the end of the whole connection, but the docker CLI half-closes a hijacked connection as soon as it
/// has no more input, and still expects the output: so a connection whose first request upgrades to <c>tcp</c>
/// on one of these paths is answered here, on the raw connection, which stays open for writing after the
/// client's FIN. Every other connection goes on to Kestrel untouched (its bytes are only looked at).
/// </summary>
public sealed partial class HijackListener(IReadOnlyList<HijackEndpoint> endpoints, IServiceProvider services, ILogger logger)
{
    private const int MaxHeadLength = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed);
            var buffer = result.Buffer;
            var end = Find(buffer, HeadEnd);
            if (end is null && !result.IsCompleted && buffer.Length < MaxHeadLength)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            if (end is { } headEnd && Match(Encoding.ASCII.GetString(buffer.Slice(0, headEnd))) is { } hijack)
            {
                input.AdvanceTo(buffer.GetPosition(headEnd + HeadEnd.Length));
                await ServeAsync(connection, hijack.Endpoint, hijack.Id, hijack.Query, hijack.ContentLength);
                return;
            }
            input.AdvanceTo(buffer.Start);
            await next(connection);
            return;
        }
    }

    private (HijackEndpoint Endpoint, string Id, string Query, int ContentLength)? Match(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "POST") return null;
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
        if (!headers.TryGetValue("upgrade", out var upgrade) || !upgrade.Equals("tcp", StringComparison.OrdinalIgnoreCase)) return null;
        var target = requestLine[1];
        var question = target.IndexOf('?');
        var path = Uri.UnescapeDataString(question < 0 ? target : target[..question]);
        path = ApiPrefix().Replace(path, "");
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Path.Match(path) is { Success: true } match)
            {
                var length = headers.TryGetValue("content-length", out var value) && int.TryParse(value, out var n) ? n : 0;
                return (endpoint, match.Groups[1].Value, question < 0 ? "" : target[question..], length);
            }
        }
        return null;
    }

    private async Task ServeAsync(ConnectionContext connection, HijackEndpoint endpoint, string id, string query, int contentLength)
    {
        var input = connection.Transport.Input.AsStream(leaveOpen: true);
        var output = connection.Transport.Output.AsStream(leaveOpen: true);
        var accepted = false;
        try
        {
            var body = new byte[Math.Max(0, contentLength)];
            await input.ReadExactlyAsync(body);
            var request = new HijackRequest(id, new QueryCollection(QueryHelpers.ParseQuery(query)), body);
            await endpoint.Handle(request, services, async contentType =>
            {
                var head = $"HTTP/1.1 101 UPGRADED\r\nContent-Type: {contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: {ApiVersions.Maximum}\r\n\r\n";
                await output.WriteAsync(Encoding.ASCII.GetBytes(head));
                await output.FlushAsync();
                accepted = true;
                return new DuplexStream(input, output);
            });
        }
        catch (Exception e) when (e is BerthException or IOException or EndOfStreamException or ConnectionResetException)
        {
            if (!accepted && e is BerthException berth) await WriteErrorAsync(output, (int)ErrorStatus.ToStatus(berth.Kind), berth.Message);
            else LogHijackEnded(logger, e.Message);
        }
        finally
        {
            await connection.Transport.Output.CompleteAsync();
        }
    }

    private static async Task WriteErrorAsync(Stream output, int status, string message)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(message), ApiJson.Writer.ErrorResponse);
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {json.Length + 1}\r\nConnection: close\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(head));
        await output.WriteAsync(json);
        await output.WriteAsync("\n"u8.ToArray());
        await output.FlushAsync();
    }

    private static long? Find(ReadOnlySequence<byte> buffer, byte[] pattern)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> before, pattern, advancePastDelimiter: false) ? before.Length : null;
    }

    [GeneratedRegex(@"^/v[0-9]+\.[0-9]+(?=/)")]
    private static partial Regex ApiPrefix();

    [LoggerMessage(Level = LogLevel.Debug, Message = "hijacked connection ended: {Reason}")]
    private static partial void LogHijackEnded(ILogger logger, string reason);
}
