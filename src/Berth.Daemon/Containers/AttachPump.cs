using Berth.Api.Streams;
using Berth.Runtime.Conmon;

namespace Berth.Daemon.Containers;

/// <summary>
/// Joins a client's hijacked connection to a conmon attach connection (a container's or an exec's): output to
/// the client as multiplexed frames, or raw with a TTY; the client's input to stdin, watched for the detach keys.
/// Returns when the output ends (the process exited) or the client detached.
/// </summary>
public static class AttachPump
{
    public static async Task RunAsync(AttachConnection connection, Stream client, bool tty, bool stdin, bool stdout, bool stderr, byte[] detachKeys)
    {
        var detached = false;
        try
        {
            using var stop = new CancellationTokenSource();
            var output = PumpOutputAsync(connection, client, tty, stdout, stderr, stop.Token);
            var input = stdin ? PumpInputAsync(client, connection, detachKeys, stop.Token) : Task.FromResult(false);
            if (await Task.WhenAny(output, input) == input && await input)
            {
                detached = true;
                await stop.CancelAsync();
            }
            await output.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            if (detached) _ = DrainAsync(connection);
            else await connection.DisposeAsync();
        }
    }

    private static async Task PumpOutputAsync(AttachConnection connection, Stream client, bool tty, bool stdout, bool stderr, CancellationToken cancellationToken)
    {
        try
        {
            while (await connection.ReadAsync(cancellationToken) is { } chunk)
            {
                if (!(chunk.Stream == LogStream.Stdout ? stdout : stderr)) continue;
                if (tty)
                {
                    await client.WriteAsync(chunk.Data, cancellationToken);
                    await client.FlushAsync(cancellationToken);
                }
                else
                {
                    await StdFrames.WriteAsync(client, chunk.Stream == LogStream.Stdout ? StdStreamType.Stdout : StdStreamType.Stderr, chunk.Data, cancellationToken);
                }
            }
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    /// <summary>Copies the client's input to the container's stdin; true when the client detached with the keys.</summary>
    private static async Task<bool> PumpInputAsync(Stream client, AttachConnection connection, byte[] detachKeys, CancellationToken cancellationToken)
    {
        var filter = new DetachKeyFilter(detachKeys);
        var buffer = new byte[32 * 1024];
        var passed = new List<byte>();
        try
        {
            while (true)
            {
                var read = await client.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    connection.CloseStdin();
                    return false;
                }
                passed.Clear();
                var detach = filter.Filter(buffer.AsSpan(0, read), passed);
                if (passed.Count > 0) await connection.WriteStdinAsync(passed.ToArray(), cancellationToken);
                if (detach) return true;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// After a detach the connection to conmon stays open, unread output discarded, until the container exits:
    /// closing it would make conmon close the container's stdin, and a detach must leave the container as it was.
    /// </summary>
    private static async Task DrainAsync(AttachConnection connection)
    {
        await using (connection)
        {
            while (await connection.ReadAsync(CancellationToken.None) is not null)
            {
            }
        }
    }
}
