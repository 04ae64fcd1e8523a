using System.Globalization;
using System.Text;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// docker's prettyPrintEvent: the event time in local time with Go's RFC3339NanoFixed layout (always nine
/// digits), then "Type Action ActorID" and the attributes sorted by key in parentheses.
/// </summary>
internal static class EventLine
{
    public static string Format(EventMessage message, TimeZoneInfo zone)
    {
        var line = new StringBuilder();
        if (message.TimeNano != 0) line.Append(Timestamp(message.TimeNano, zone)).Append(' ');
        else if (message.Time != 0) line.Append(Timestamp(message.Time * 1_000_000_000, zone)).Append(' ');
        line.Append(message.Type).Append(' ').Append(message.Action).Append(' ').Append(message.Actor.ID);
        if (message.Actor.Attributes.Count > 0)
        {
            var attributes = message.Actor.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}");
            line.Append(" (").AppendJoin(", ", attributes).Append(')');
        }
        return line.ToString();
    }

    /// <summary>Go's "2006-01-02T15:04:05.000000000Z07:00": "Z" for UTC, else the numeric offset.</summary>
    internal static string Timestamp(long unixNanoseconds, TimeZoneInfo zone)
    {
        var seconds = Math.DivRem(unixNanoseconds, 1_000_000_000, out var nanos);
        if (nanos < 0) (seconds, nanos) = (seconds - 1, nanos + 1_000_000_000);
        var utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var offset = local.Offset == TimeSpan.Zero ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd'T'HH:mm:ss}.{nanos:D9}{offset}");
    }
}
