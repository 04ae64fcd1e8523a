using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Oci;

namespace Berth.Api;

/// <summary>
/// Docker's go-units RAMInBytes: a number (fractions allowed) with an optional binary unit
/// (<c>k m g t p</c>, each optionally followed by <c>b</c> or <c>ib</c>, any case; a bare number or <c>b</c> is bytes): <c>32m</c>, <c>1.5g</c>, <c>512kb</c>.
/// Both the CLI (<c>--memory</c>, <c>--shm-size</c>) and the daemon (<c>--log-opt max-size</c>) read sizes this way.
/// </summary>
public static partial class ByteSize
{
    /// <exception cref="BerthException">InvalidArgument, in go-units' words.</exception>
    public static long Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw BerthException.Invalid($"invalid size: '{text}'");
        var unit = match.Groups[2].Value.ToLowerInvariant();
        var scale = unit.Length == 0 ? 1L : unit[0] switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => throw BerthException.Invalid($"invalid size: '{text}'"),
        };
        return (long)(value * scale);
    }

    // \z, not $: .NET's $ also matches before a trailing newline.
    [GeneratedRegex(@"^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?\z")]
    private static partial Regex Pattern();
}
