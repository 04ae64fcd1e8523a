using System.Globalization;

namespace Berth.Cli.Commands;

/// <summary>Go's time.Time.String() layout, which docker prints for CreatedAt fields.</summary>
internal static class GoFormat
{
    public static string Time(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var zone = offset == TimeSpan.Zero ? "UTC" : TimeZoneInfo.Local.StandardName;
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm:ss} {sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00} {zone}");
    }
}
