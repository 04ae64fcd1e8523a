using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Dockerfile.Instructions;

/// <summary>docker/go-units RAMInBytes: <c>64m</c>, <c>1g</c>, <c>512kb</c>, <c>1.5GiB</c>; binary multiples.</summary>
internal static partial class MemorySize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var exponent = match.Groups[3].Value.ToLowerInvariant() switch
        {
            "k" => 1,
            "m" => 2,
            "g" => 3,
            "t" => 4,
            "p" => 5,
            _ => 0,
        };
        bytes = (long)(number * Math.Pow(1024, exponent));
        return true;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")]
    private static partial Regex SizePattern();
}
