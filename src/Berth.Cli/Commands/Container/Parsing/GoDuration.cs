using System.Globalization;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// Go's time.ParseDuration, which docker's --health-* flags use: a signed sequence of decimal numbers with
/// units ns, us (µs), ms, s, m, h ("1m30s", "1.5h", "500ms"); "0" alone needs no unit.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    /// <summary>The duration in nanoseconds, as the Engine API carries it.</summary>
    /// <exception cref="FormatException"><c>time: invalid duration "x"</c>, as Go words it.</exception>
    public static long ParseNanoseconds(string text)
    {
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0") return 0;
        if (s.IsEmpty) throw Invalid(text);
        double total = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.')) numberLength++;
            if (numberLength == 0 || !double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                throw Invalid(text);
            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.') unitLength++;
            if (unitLength == 0) throw new FormatException($"time: missing unit in duration \"{text}\"");
            var unit = s[..unitLength].ToString();
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0) throw new FormatException($"time: unknown unit \"{unit}\" in duration \"{text}\"");
            total += value * Units[match].Nanoseconds;
            s = s[unitLength..];
        }
        var nanoseconds = (long)Math.Round(total);
        return negative ? -nanoseconds : nanoseconds;
    }

    private static FormatException Invalid(string text) => new($"time: invalid duration \"{text}\"");
}
