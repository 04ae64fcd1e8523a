namespace Berth.Dockerfile.Shell;

/// <summary>Resolves a variable for expansion: its value, or null when it is not set (set-but-empty is "").</summary>
internal delegate string? VariableLookup(string name);

internal static class VariableLookups
{
    public static VariableLookup Empty { get; } = static _ => null;

    /// <summary>Looks names up case-sensitively, as BuildKit does on Linux.</summary>
    public static VariableLookup From(IReadOnlyDictionary<string, string> values) =>
        name => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>From <c>KEY=value</c> pairs; a later duplicate wins, as in an image's Env.</summary>
    public static VariableLookup FromEnvList(IEnumerable<string> env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in env)
        {
            var eq = entry.IndexOf('=');
            if (eq < 0)
            {
                values[entry] = "";
            }
            else
            {
                values[entry[..eq]] = entry[(eq + 1)..];
            }
        }
        return From(values);
    }
}
