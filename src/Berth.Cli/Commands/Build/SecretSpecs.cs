namespace Berth.Cli.Commands.Build;

/// <summary>
/// <c>--secret id=ID,src=PATH</c> (a file) or <c>--secret id=ID,env=VAR</c> (an environment variable, the id's
/// own name with a bare <c>type=env</c>), as docker reads them.
/// </summary>
internal static class SecretSpecs
{
    /// <summary>Secrets go in a request header: large ones don't fit, and don't belong there either.</summary>
    private const int MaxTotalSize = 16 * 1024;

    public static async Task<Dictionary<string, byte[]>> ReadAsync(IEnumerable<string> specs, CancellationToken cancellationToken)
    {
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var fields = spec.Split(',').Select(f => f.Split('=', 2)).ToDictionary(f => f[0].Trim().ToLowerInvariant(), f => f.Length > 1 ? f[1] : "", StringComparer.Ordinal);
            if (!fields.TryGetValue("id", out var id) || id.Length == 0) throw new FormatException($"invalid secret \"{spec}\": id is required");
            var type = fields.GetValueOrDefault("type", fields.ContainsKey("env") ? "env" : "file");
            var source = fields.GetValueOrDefault("src") ?? fields.GetValueOrDefault("source") ?? fields.GetValueOrDefault("env");
            secrets[id] = type switch
            {
                "file" when source is not null => await File.ReadAllBytesAsync(source, cancellationToken),
                "env" => System.Text.Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable(source ?? id)
                    ?? throw new FormatException($"invalid secret \"{spec}\": environment variable {source ?? id} is not set")),
                "file" => throw new FormatException($"invalid secret \"{spec}\": src is required"),
                _ => throw new FormatException($"invalid secret \"{spec}\": unsupported type {type}"),
            };
        }
        if (secrets.Values.Sum(s => s.Length) > MaxTotalSize) throw new FormatException($"build secrets may hold {MaxTotalSize / 1024} KiB at most");
        return secrets;
    }
}
