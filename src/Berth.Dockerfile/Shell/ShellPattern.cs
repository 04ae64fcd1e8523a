using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Dockerfile.Shell;

/// <summary>
/// Shell glob patterns of <c>${VAR#p}</c>, <c>${VAR%p}</c> and <c>${VAR/p/r}</c>: <c>*</c> and <c>?</c> with
/// backslash escapes, compiled to a regular expression. Suffix removal reverses both pattern and value so one
/// anchored prefix match serves both directions, as BuildKit does.
/// </summary>
internal static class ShellPattern
{
    public static string TrimPrefix(string pattern, string value, bool greedy)
    {
        var match = Compile(pattern, greedy, anchored: true).Match(value);
        return match.Success ? value[(match.Index + match.Length)..] : value;
    }

    public static string TrimSuffix(string pattern, string value, bool greedy)
    {
        var trimmed = TrimPrefix(ReversePattern(pattern), Reverse(value), greedy);
        return Reverse(trimmed);
    }

    public static string Replace(string value, string pattern, string replacement, bool all)
    {
        var regex = Compile(pattern, greedy: true, anchored: false);
        return all
            ? regex.Replace(value, _ => replacement)
            : regex.Replace(value, _ => replacement, 1);
    }

    internal static Regex Compile(string pattern, bool greedy, bool anchored)
    {
        var regex = new StringBuilder(anchored ? "^" : "");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    regex.Append(greedy ? ".*" : ".*?");
                    continue;
                case '?':
                    regex.Append('.');
                    continue;
                case '\\':
                    var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
                    if (next is '}' or '/')
                    {
                        continue;
                    }
                    if (next is not ('*' or '?' or '\\'))
                    {
                        throw new ShellExpansionException(
                            $"invalid pattern ({pattern}) in substitution: invalid escape '\\{(i + 1 < pattern.Length ? next.ToString() : "")}'");
                    }
                    regex.Append('\\').Append(next);
                    i++;
                    continue;
                case '[' or ']' or '{' or '}' or '.' or '+' or '(' or ')' or '|' or '^' or '$':
                    regex.Append('\\');
                    break;
            }
            regex.Append(ch);
        }
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Reverses a pattern by runes, keeping each backslash escape in front of the character it escapes.</summary>
    internal static string ReversePattern(string pattern)
    {
        var runes = pattern.EnumerateRunes().ToArray();
        var output = new Rune[runes.Length];
        var last = runes.Length - 1;
        for (var i = 0; i <= last;)
        {
            var outIndex = last - i;
            if (runes[i].Value == '\\' && i != last)
            {
                output[outIndex - 1] = runes[i];
                output[outIndex] = runes[i + 1];
                i += 2;
            }
            else
            {
                output[outIndex] = runes[i];
                i++;
            }
        }
        return Concat(output);
    }

    // By runes, so a surrogate pair stays in order.
    private static string Reverse(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        return Concat(runes);
    }

    private static string Concat(Rune[] runes)
    {
        var result = new StringBuilder();
        foreach (var rune in runes)
        {
            result.Append(rune.ToString());
        }
        return result.ToString();
    }
}
