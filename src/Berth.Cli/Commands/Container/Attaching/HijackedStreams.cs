using System.Text;
using Berth.Api.Streams;

namespace Berth.Cli.Commands.Container.Attaching;

/// <summary>
/// Copies a hijacked attach/exec connection to the CLI's stdio, as docker's hijackedIOStreamer: output as raw
/// bytes with a TTY or demultiplexed frames without; stdin (when attached) to the connection, half-closing it at
/// end of input; the TTY detach sequence ends the session with <see cref="DetachedException"/>.
/// </summary>
internal sealed class HijackedStreams(Stream connection, bool tty, Stream? stdin, Stream? stdout, Stream? stderr, byte[]? detachSequence, Action closeWrite)
{
    /// <summary>Runs until the output ends (or, with no output attached, until input ends).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var output = CopyOutputAsync(ct);
        if (stdin is null)
        {
            await output;
            return;
        }
        var input = CopyInputAsync(ct);
        var first = await Task.WhenAny(output, input);
        if (first == input)
        {
            await input;
            if (stdout is null && stderr is null) return;
        }
        await output;
    }

    private async Task CopyOutputAsync(CancellationToken ct)
    {
        if (stdout is null && stderr is null) return;
        if (tty)
        {
            var buffer = new byte[32 * 1024];
            int read;
            while ((read = await connection.ReadAsync(buffer, ct)) > 0)
            {
                if (stdout is null) continue;
                await stdout.WriteAsync(buffer.AsMemory(0, read), ct);
                await stdout.FlushAsync(ct);
            }
            return;
        }
        while (await StdFrames.ReadAsync(connection, ct) is { } frame)
        {
            var target = frame.Stream switch
            {
                StdStreamType.Stdout => stdout,
                StdStreamType.Stderr => stderr,
                StdStreamType.Systemerr => throw new IOException($"error from daemon in stream: {Encoding.UTF8.GetString(frame.Payload.Span)}"),
                _ => null,
            };
            if (target is null) continue;
            await target.WriteAsync(frame.Payload, ct);
            await target.FlushAsync(ct);
        }
    }

    private async Task CopyInputAsync(CancellationToken ct)
    {
        var filter = tty && detachSequence is { Length: > 0 } ? new DetachKeyFilter(detachSequence) : null;
        var buffer = new byte[32 * 1024];
        var pending = new List<byte>();
        int read;
        while ((read = await stdin!.ReadAsync(buffer, ct)) > 0)
        {
            if (filter is null)
            {
                await connection.WriteAsync(buffer.AsMemory(0, read), ct);
                continue;
            }
            pending.Clear();
            var detached = filter.Filter(buffer.AsSpan(0, read), pending);
            if (pending.Count > 0) await connection.WriteAsync(pending.ToArray(), ct);
            if (detached) throw new DetachedException();
        }
        closeWrite();
    }
}
