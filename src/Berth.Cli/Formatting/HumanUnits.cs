
namespace Berth.Cli.Formatting;

/// <summary>docker/go-units: the size and duration wording docker prints.</summary>
internal static class HumanUnits
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    private static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    /// <summary>units.HumanSize: decimal units, 4 significant digits ("1.235MB", "0B").</summary>
    public static string HumanSize(double size) => HumanSizeWithPrecision(size, 4);

    /// <summary>
    /// units.HumanSizeWithPrecision: Go's <c>%.*g</c> then the decimal unit. docker's list
    /// commands (image ls, ps --size, system df) use precision 3 ("4.4MB", "1e+03kB").
    /// </summary>
    public static string HumanSizeWithPrecision(double size, int precision) =>
        Scaled(size, 1000, DecimalUnits, precision);

    /// <summary>units.BytesSize: binary units, 4 significant digits ("1.5KiB", "44MiB").</summary>
    public static string BytesSize(double size) => Scaled(size, 1024, BinaryUnits, 4);

    /// <summary>
    /// units.HumanDuration ("Less than a second", "1 second", "About a minute", "3 hours",
    /// "2 weeks", "2 years"). Minutes and seconds truncate; hours round to nearest, so 1h29m is
    /// "About an hour" and 1h31m is "2 hours".
    /// </summary>
    public static string HumanDuration(TimeSpan duration) => Api.HumanDuration.Format(duration);

    /// <summary>docker's CreatedSince/RunningFor wording: HumanDuration(now - time) + " ago".</summary>
    public static string Since(DateTimeOffset time, DateTimeOffset now) => HumanDuration(now - time) + " ago";

    private static string Scaled(double size, double unitBase, string[] units, int precision)
    {
        var unit = 0;
        while (size >= unitBase && unit < units.Length - 1)
        {
            size /= unitBase;
            unit++;
        }

        return GoFloat.Format(size, 'g', precision) + units[unit];
    }

}
