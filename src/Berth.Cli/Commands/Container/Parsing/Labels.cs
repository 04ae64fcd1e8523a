namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>-l and --label-file: file labels first, later ones win, a bare name is an empty label.</summary>
internal static class Labels
{
    /// <summary>opts.ValidateLabel: the name must be non-empty and free of blanks.</summary>
    public static string Validate(string value)
    {
        var eq = value.IndexOf('=');
        var key = (eq < 0 ? value : value[..eq]).TrimStart(' ', '\t');
        if (key.Length == 0) throw new FlagValueException("-l, --label", value, $"invalid label '{value}': empty name");
        if (key.AsSpan().IndexOfAny(' ', '\t') >= 0) throw new FlagValueException("-l, --label", value, $"label '{key}' contains whitespaces");
        return value;
    }

    public static async Task<Dictionary<string, string>> ReadAsync(IReadOnlyList<string> files, IReadOnlyList<string> flags, CancellationToken ct)
    {
        var all = new List<string>();
        foreach (var file in files) all.AddRange(await KeyValueFile.ReadAsync(file, null, ct));
        foreach (var flag in flags) all.Add(Validate(flag));
        return ToMap(all);
    }

    /// <summary>opts.ConvertKVStringsToMap.</summary>
    public static Dictionary<string, string> ToMap(IEnumerable<string> values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            map[eq < 0 ? value : value[..eq]] = eq < 0 ? "" : value[(eq + 1)..];
        }
        return map;
    }
}
