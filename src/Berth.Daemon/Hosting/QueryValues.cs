using System.Globalization;
using Berth.Oci;

namespace Berth.Daemon.Hosting;

/// <summary>Query values that several endpoints read the same way.</summary>
public static class QueryValues
{
    /// <summary>A flag as clients send it: 1, true or True.</summary>
    public static bool IsTrue(string? value) => value is "1" or "true" or "True";

    /// <summary>
    /// A time as the docker CLI sends it: Unix seconds with an optional fraction of up to nine digits
    /// ("1700000000.123456789"); null when empty or 0. Anything else is null too, for the caller to read otherwise.
    /// </summary>
    public static DateTimeOffset? UnixTime(string? value)
    {
        if (string.IsNullOrEmpty(value) || value == "0") return null;
        var parts = value.Split('.', 2);
        if (!long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)) return null;
        var nanos = 0L;
        if (parts.Length == 2 && !long.TryParse(parts[1].PadRight(9, '0')[..9], NumberStyles.None, CultureInfo.InvariantCulture, out nanos)) return null;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }

    /// <summary>A terminal size (<c>h</c> and <c>w</c>), for the resize endpoints.</summary>
    /// <exception cref="BerthException">InvalidArgument when either is missing or not a number.</exception>
    public static (int Height, int Width) TerminalSize(IQueryCollection query)
    {
        if (!int.TryParse(query["h"], NumberStyles.None, CultureInfo.InvariantCulture, out var height) ||
            !int.TryParse(query["w"], NumberStyles.None, CultureInfo.InvariantCulture, out var width))
            throw BerthException.Invalid("Bad parameters: h and w must be numbers");
        return (height, width);
    }
}
