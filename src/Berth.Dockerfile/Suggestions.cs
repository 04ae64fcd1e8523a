namespace Berth.Dockerfile;

/// <summary>
/// BuildKit's "did you mean" helper: the closest option within an edit distance of 2, or none. Options are
/// tried in the order given, so ties resolve the same way every time.
/// </summary>
internal static class Suggestions
{
    public static string WithSuggestion(string message, string value, IEnumerable<string> options, bool caseSensitive) =>
        Find(value, options, caseSensitive) is { } match ? $"{message} (did you mean {match}?)" : message;

    public static string? Find(string value, IEnumerable<string> options, bool caseSensitive)
    {
        var wanted = caseSensitive ? value : value.ToLowerInvariant();
        string? match = null;
        var best = 3;
        foreach (var option in options)
        {
            var candidate = caseSensitive ? option : option.ToLowerInvariant();
            if (candidate == wanted)
            {
                return null;
            }
            var distance = Levenshtein(wanted, candidate);
            if (distance < best)
            {
                best = distance;
                match = caseSensitive ? candidate : MatchCase(candidate, value);
            }
        }
        return match;
    }

    private static string MatchCase(string option, string original)
    {
        if (original == original.ToLowerInvariant())
        {
            return option.ToLowerInvariant();
        }
        return original == original.ToUpperInvariant() ? option.ToUpperInvariant() : option;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
