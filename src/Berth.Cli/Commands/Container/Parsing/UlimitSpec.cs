using System.Globalization;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>go-units ParseUlimit: <c>name=soft[:hard]</c>, hard defaulting to soft; names are the setrlimit resources.</summary>
internal static class UlimitSpec
{
    private const string Flag = "--ulimit";

    private static readonly HashSet<string> Names =
    [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
    ];

    public static ResourceUlimit Parse(string value)
    {
        var eq = value.IndexOf('=');
        if (eq < 0) throw new FlagValueException(Flag, value, $"invalid ulimit argument: {value}");
        var name = value[..eq];
        if (!Names.Contains(name)) throw new FlagValueException(Flag, value, $"invalid ulimit type: {name}");
        var limits = value[(eq + 1)..].Split(':');
        if (limits.Length > 2)
            throw new FlagValueException(Flag, value, $"too many limit value arguments - {value[(eq + 1)..]}, can only have up to two, `soft[:hard]`");
        var soft = Number(value, limits[0]);
        var hard = limits.Length == 2 ? Number(value, limits[1]) : soft;
        if (hard != -1 && soft > hard)
            throw new FlagValueException(Flag, value, $"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        return new ResourceUlimit { Name = name, Soft = soft, Hard = hard };
    }

    /// <summary>docker keeps the last value per name and sends them sorted by name.</summary>
    public static List<ResourceUlimit> ParseAll(IEnumerable<string> values)
    {
        var byName = new Dictionary<string, ResourceUlimit>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var ulimit = Parse(value);
            byName[ulimit.Name] = ulimit;
        }
        return [.. byName.Values.OrderBy(u => u.Name, StringComparer.Ordinal)];
    }

    private static long Number(string value, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FlagValueException(Flag, value, $"strconv.ParseInt: parsing \"{text}\": invalid syntax");
}
