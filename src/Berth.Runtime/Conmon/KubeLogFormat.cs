using System.Globalization;

namespace Berth.Runtime.Conmon;

/// <summary>
/// conmon's k8s-file log format, the CRI's: one record a line,
/// <c>TIME STREAM TAG TEXT</c>, for example <c>2024-01-01T10:00:00.123456789+00:00 stdout F hello</c>.
/// TIME is RFC 3339 with nanoseconds and conmon's local offset (Z when others write it); STREAM is
/// <c>stdout</c> or <c>stderr</c>; TAG is <c>F</c> for a full line or <c>P</c> for a partial one.
/// </summary>
public static class KubeLogFormat
{
    /// <summary>Parses one line without its newline; false for anything that is not a record.</summary>
    public static bool TryParse(string line, out KubeLogRecord record)
    {
        record = null!;
        var first = line.IndexOf(' ');
        var second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
        if (second < 0 || second + 2 > line.Length || (second + 2 < line.Length && line[second + 2] != ' ')) return false;
        if (!TryParseTime(line[..first], out var time)) return false;
        LogStream? stream = line.AsSpan(first + 1, second - first - 1) switch
        {
            "stdout" => LogStream.Stdout,
            "stderr" => LogStream.Stderr,
            _ => null,
        };
        bool? partial = line[second + 1] switch
        {
            'F' => false,
            'P' => true,
            _ => null,
        };
        if (stream is null || partial is null) return false;
        record = new KubeLogRecord(time, stream.Value, second + 3 <= line.Length ? line[(second + 3)..] : "", partial.Value);
        return true;
    }

    /// <summary>The record as one line with its newline, with nanosecond time in UTC.</summary>
    public static string Format(KubeLogRecord record) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{record.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff}00Z {(record.Stream == LogStream.Stdout ? "stdout" : "stderr")} {(record.Partial ? 'P' : 'F')} {record.Text}\n");

    /// <summary>
    /// RFC 3339 with up to nine fractional digits. .NET keeps seven (100 ns ticks), so the rest are dropped
    /// before parsing.
    /// </summary>
    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            var digits = end - dot - 1;
            if (digits == 0) return Fail(out time);
            var fraction = digits > 7 ? text.Substring(dot + 1, 7) : text.Substring(dot + 1, digits).PadRight(7, '0');
            text = string.Concat(text.AsSpan(0, dot + 1), fraction, text.AsSpan(end));
        }
        else
        {
            // No fraction: parse as if it had seven zeros.
            var zone = text.IndexOfAny(['Z', 'z', '+', '-'], Math.Min(text.Length, 19));
            if (zone < 0) return Fail(out time);
            text = string.Concat(text.AsSpan(0, zone), ".0000000", text.AsSpan(zone));
        }
        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out time);
    }

    private static bool Fail(out DateTimeOffset time)
    {
        time = default;
        return false;
    }
}
