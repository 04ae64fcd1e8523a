using System.Globalization;

namespace Berth.Dockerfile.Instructions;

/// <summary>
/// Go's time.ParseDuration, which HEALTHCHECK's interval flags use: a signed sequence of decimal numbers, each
/// with a unit (ns, us, µs, ms, s, m, h), e.g. <c>1h30m</c>, <c>1.5s</c>; a bare <c>0</c> is allowed.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    /// <exception cref="FormatException">Not a duration; the message is Go's.</exception>
    public static TimeSpan Parse(string text)
    {
        var invalid = $"time: invalid duration {GoFormat.Quote(text)}";
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return TimeSpan.Zero;
        }
        if (s.Length == 0)
        {
            throw new FormatException(invalid);
        }
        double total = 0;
        while (s.Length > 0)
        {
            var numberEnd = 0;
            while (numberEnd < s.Length && (char.IsAsciiDigit(s[numberEnd]) || s[numberEnd] == '.'))
            {
                numberEnd++;
            }
            var number = s[..numberEnd];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                throw new FormatException(invalid);
            }
            s = s[numberEnd..];
            var unitEnd = 0;
            while (unitEnd < s.Length && s[unitEnd] != '.' && !char.IsAsciiDigit(s[unitEnd]))
            {
                unitEnd++;
            }
            if (unitEnd == 0)
            {
                throw new FormatException($"time: missing unit in duration {GoFormat.Quote(text)}");
            }
            var unit = s[..unitEnd];
            s = s[unitEnd..];
            var scale = Units.FirstOrDefault(u => u.Unit == unit).Nanoseconds;
            if (scale == 0)
            {
                throw new FormatException($"time: unknown unit {GoFormat.Quote(unit)} in duration {GoFormat.Quote(text)}");
            }
            total += double.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * scale;
        }
        var ticks = (long)Math.Round(total / 100);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }
}
