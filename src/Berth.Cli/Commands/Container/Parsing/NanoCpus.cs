using System.Globalization;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>opts.ParseCPUs: <c>--cpus 1.5</c> → 1500000000 nano-CPUs; a rational (<c>3/2</c>) is accepted as Go's big.Rat does.</summary>
internal static class NanoCpus
{
    private const string Flag = "--cpus";

    public static long Parse(string value)
    {
        decimal cpus;
        var slash = value.IndexOf('/');
        if (slash >= 0)
        {
            if (!decimal.TryParse(value[..slash], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var numerator)
                || !decimal.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var denominator) || denominator == 0)
                throw Rational(value);
            cpus = numerator / denominator;
        }
        else if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out cpus))
        {
            throw Rational(value);
        }
        var nano = cpus * 1_000_000_000m;
        if (nano != decimal.Truncate(nano)) throw new FlagValueException(Flag, value, "value is too precise");
        return (long)nano;
    }

    private static FlagValueException Rational(string value) => new(Flag, value, $"failed to parse {value} as a rational number");
}
