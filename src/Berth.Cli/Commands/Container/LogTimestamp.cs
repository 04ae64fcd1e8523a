using System.Globalization;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// docker's api/types/time.GetTimestamp for --since/--until: a Go duration is relative to now ("10m" = ten minutes
/// ago), unix seconds (with fraction) pass through, and RFC 3339 dates (or date-only forms) become unix seconds.
/// The result is the "seconds.nanoseconds" string the API takes.
/// </summary>
internal static class LogTimestamp
{
    private static readonly string[] Layouts =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK", "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH",
    ];

    public static string Parse(string value, DateTimeOffset now)
    {
        if (value.Length == 0) return value;
        try
        {
            var ago = GoDuration.ParseNanoseconds(value);
            return Seconds(now.AddTicks(-ago / 100));
        }
        catch (FormatException)
        {
            // Not a duration: a timestamp then.
        }
        if (value.All(c => char.IsAsciiDigit(c) || c == '.') && value.Count(c => c == '.') <= 1) return value;
        var styles = DateTimeStyles.AllowWhiteSpaces | (value.Contains('Z') || value.Contains('+') || value.LastIndexOf('-') > 9 ? DateTimeStyles.AdjustToUniversal : DateTimeStyles.AssumeLocal);
        if (DateTimeOffset.TryParseExact(value, Layouts, CultureInfo.InvariantCulture, styles, out var time)) return Seconds(time);
        throw new CliUsageException($"invalid value for \"since\": failed to parse value as time or duration: \"{value}\"");
    }

    private static string Seconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{rest * 100:D9}");
    }
}
