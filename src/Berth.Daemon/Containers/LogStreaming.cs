using System.Globalization;
using System.Text;
using Berth.Api.Streams;
using Berth.Daemon.Hosting;
using Berth.Oci;
using Berth.Runtime.Conmon;

namespace Berth.Daemon.Containers;

/// <summary>
/// GET /containers/{id}/logs over conmon's k8s-file log: stream selection, <c>since</c>/<c>until</c> (Unix
/// seconds with an optional fraction, as the docker CLI sends them), <c>tail</c> (whole lines, partial records
/// joined), <c>timestamps</c> (RFC 3339 with nanoseconds before each line) and <c>follow</c> until the
/// container exits. Frames without a TTY, raw bytes with one, as Docker sends them.
/// </summary>
public sealed class LogStreaming
{
    public required bool Stdout { get; init; }
    public required bool Stderr { get; init; }
    public bool Follow { get; init; }
    public bool Timestamps { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>Only the last this many lines; null for all.</summary>
    public int? Tail { get; init; }

    public static LogStreaming FromQuery(IQueryCollection query)
    {
        var stdout = QueryValues.IsTrue(query["stdout"]);
        var stderr = QueryValues.IsTrue(query["stderr"]);
        if (!stdout && !stderr) throw BerthException.Invalid("Bad parameters: you must choose at least one stream");
        return new LogStreaming
        {
            Stdout = stdout,
            Stderr = stderr,
            Follow = QueryValues.IsTrue(query["follow"]),
            Timestamps = QueryValues.IsTrue(query["timestamps"]),
            Since = Time(query["since"]),
            Until = Time(query["until"]),
            Tail = query["tail"].ToString() is { Length: > 0 } tail && tail != "all"
                ? int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null
                : null,
        };
    }

    /// <summary>Writes the log to <paramref name="output"/>; when following, until <paramref name="exit"/> completes.</summary>
    public async Task WriteAsync(string logPath, bool tty, Task exit, Stream output, CancellationToken cancellationToken)
    {
        var skip = Tail is { } tail ? Math.Max(0, await CountLinesAsync(logPath, cancellationToken) - tail) : 0;
        var lineStart = new Dictionary<LogStream, bool> { [LogStream.Stdout] = true, [LogStream.Stderr] = true };
        await foreach (var record in KubeLogReader.ReadAsync(logPath, Follow, exit, cancellationToken))
        {
            var startsLine = lineStart[record.Stream];
            lineStart[record.Stream] = !record.Partial;
            if (skip > 0)
            {
                if (!record.Partial) skip--;
                continue;
            }
            if (Until is { } until && record.Time > until) break;
            if (Since is { } since && record.Time < since) continue;
            if (!(record.Stream == LogStream.Stdout ? Stdout : Stderr)) continue;
            var text = new StringBuilder();
            if (Timestamps && startsLine) text.Append(FormatTime(record.Time)).Append(' ');
            text.Append(record.Text);
            if (!record.Partial) text.Append('\n');
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (tty)
            {
                await output.WriteAsync(bytes, cancellationToken);
                await output.FlushAsync(cancellationToken);
            }
            else
            {
                await StdFrames.WriteAsync(output, record.Stream == LogStream.Stdout ? StdStreamType.Stdout : StdStreamType.Stderr, bytes, cancellationToken);
            }
        }
    }

    /// <summary>Docker's timestamp: UTC, nanoseconds with trailing zeros trimmed (Go's RFC3339Nano).</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    private static async Task<int> CountLinesAsync(string logPath, CancellationToken cancellationToken)
    {
        var count = 0;
        var endsPartial = false;
        await foreach (var record in KubeLogReader.ReadAsync(logPath, follow: false, cancellationToken: cancellationToken))
        {
            if (!record.Partial) count++;
            endsPartial = record.Partial;
        }
        // A last line without its newline is a line of its own, as Docker's json-file keeps it.
        return endsPartial ? count + 1 : count;
    }


    private static DateTimeOffset? Time(string? value) =>
        QueryValues.UnixTime(value) ?? (string.IsNullOrEmpty(value) || value == "0" ? null : throw BerthException.Invalid($"invalid value for time: {value}"));
}
