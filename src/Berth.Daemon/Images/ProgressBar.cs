using System.Globalization;

namespace Berth.Daemon.Images;

/// <summary>Docker's progress string, <c>[=====&gt;     ]  1.2MB/3.4MB</c>, for clients that show it as sent.</summary>
internal static class ProgressBar
{
    private const int Width = 50;

    public static string Render(long current, long total)
    {
        var filled = total <= 0 ? 0 : (int)Math.Min(Width, current * Width / total);
        var bar = filled >= Width ? new string('=', Width) : new string('=', filled) + ">" + new string(' ', Width - filled - 1);
        return $"[{bar}] {HumanSize(current),8}/{HumanSize(total)}";
    }

    /// <summary>go-units HumanSize: decimal units, four significant digits.</summary>
    public static string HumanSize(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return value.ToString("G4", CultureInfo.InvariantCulture) + units[unit];
    }
}
