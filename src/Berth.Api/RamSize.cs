using System.Globalization;

namespace Berth.Api;

/// <summary>
/// docker/go-units RAMInBytes: a number with an optional binary suffix (b, k, m, g, t, p, with optional b or ib:
/// "32m", "1g", "512KiB", "1.5 GB"); used by the CLI (--memory, --memory-reservation, --shm-size, tmpfs-size) and the daemon (--log-opt max-size).
/// </summary>
public static class RamSize
{
    /// <exception cref="FormatException">With go-units' message ("invalid suffix: 'x'", "invalid size: 'abc'").</exception>
    public static long Parse(string text)
    {
        var sep = text.LastIndexOfAny("01234567890. ".ToCharArray());
        if (sep == -1) throw new FormatException($"invalid size: '{text}'");
        var (number, suffix) = text[sep] == ' ' ? (text[..sep], text[(sep + 1)..]) : (text[..(sep + 1)], text[(sep + 1)..]);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size))
            throw new FormatException($"strconv.ParseFloat: parsing \"{number}\": invalid syntax");
        if (size < 0) throw new FormatException($"invalid size: '{text}'");
        if (suffix.Length == 0) return (long)size;
        var lower = suffix.ToLowerInvariant();
        if (suffix.Length > 3) throw BadSuffix(lower);
        if (lower[0] == 'b') return lower.Length == 1 ? (long)size : throw BadSuffix(lower);
        var multiplier = lower[0] switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => throw BadSuffix(lower),
        };
        if ((lower.Length == 2 && lower[1] != 'b') || (lower.Length == 3 && lower[1..] != "ib")) throw BadSuffix(lower);
        return (long)(size * multiplier);
    }

    /// <summary>--memory-swap: as <see cref="Parse"/>, or -1 for unlimited swap.</summary>
    public static long ParseSwap(string text) => text == "-1" ? -1 : Parse(text);

    private static FormatException BadSuffix(string suffix) => new($"invalid suffix: '{suffix}'");
}
