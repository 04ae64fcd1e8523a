using System.Globalization;

namespace Berth.Cli.Commands;

/// <summary>The Go time layouts docker prints: time.Time.String() for images, RFC 3339 for history.</summary>
internal static class GoFormat
{
    public static string Rfc3339(DateTimeOffset time) =>
        time.ToLocalTime().ToString(time.ToLocalTime().Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var zone = offset == TimeSpan.Zero ? "UTC" : TimeZoneInfo.Local.StandardName;
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm:ss} {sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00} {zone}");
    }
}
