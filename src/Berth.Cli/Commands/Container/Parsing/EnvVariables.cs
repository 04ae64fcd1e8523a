namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>-e and --env-file as docker combines them: file variables first, then the flags in order.</summary>
internal static class EnvVariables
{
    /// <summary>
    /// opts.ValidateEnv: <c>KEY=value</c> stays as it is; a bare <c>KEY</c> takes its value from the CLI's
    /// environment, or is sent bare when unset (the daemon then leaves it out).
    /// </summary>
    public static string Validate(string value, Func<string, string?> lookup)
    {
        var eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        if (key.Length == 0) throw new FlagValueException("-e, --env", value, $"invalid environment variable: {value}");
        if (eq >= 0) return value;
        return lookup(key) is { } found ? $"{key}={found}" : value;
    }

    public static async Task<List<string>?> ReadAsync(IReadOnlyList<string> files, IReadOnlyList<string> flags, Func<string, string?> lookup, CancellationToken ct)
    {
        var result = new List<string>();
        foreach (var file in files) result.AddRange(await KeyValueFile.ReadAsync(file, lookup, ct));
        foreach (var flag in flags) result.Add(Validate(flag, lookup));
        return result.Count == 0 ? null : result;
    }
}
