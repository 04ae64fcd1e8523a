using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Dockerfile.Ignore;

/// <summary>
/// One line of a .dockerignore, as Docker's pattern matcher reads it: Go's filepath.Match syntax (<c>*</c> and
/// <c>?</c> never cross a <c>/</c>, <c>[…]</c> classes, <c>\</c> escapes) plus <c>**</c>, which spans any number
/// of directories; <c>!</c> in front turns the line into an exception.
/// </summary>
public sealed class IgnorePattern
{
    private readonly Regex _regex;

    private IgnorePattern(string text, bool exclusion)
    {
        Text = text;
        IsException = exclusion;
        _regex = new Regex(Translate(text), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// <summary>The cleaned pattern, without its <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>A <c>!</c> line: what it matches is put back in the context.</summary>
    public bool IsException { get; }

    /// <summary>Parses one non-empty, non-comment line; the path in it is cleaned as Go's filepath.Clean does.</summary>
    public static IgnorePattern Parse(string line)
    {
        var exclusion = line.StartsWith('!');
        var text = exclusion ? line[1..].Trim() : line;
        if (text.Length == 0) throw new FormatException($"illegal exclusion pattern: \"{line}\"");
        text = CleanPath.Clean(text);
        // A leading slash means the context's root, which is where every pattern is anchored anyway.
        if (text.Length > 1 && text[0] == '/') text = text[1..];
        return new IgnorePattern(text, exclusion);
    }

    public bool Matches(string path) => _regex.IsMatch(path);

    /// <summary>The pattern as an anchored regular expression.</summary>
    private static string Translate(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    // "**/" may also match nothing at all, so "**/a" matches "a" itself.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '[':
                    i = AppendClass(pattern, i, regex);
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }

    /// <summary>A <c>[…]</c> class up to its closing bracket (Go's <c>[^…]</c> negation kept); returns the index of that bracket.</summary>
    private static int AppendClass(string pattern, int start, StringBuilder regex)
    {
        var end = pattern.IndexOf(']', start + 2);
        if (end < 0) throw new FormatException($"syntax error in pattern: \"{pattern}\"");
        var body = pattern[(start + 1)..end];
        var negated = body.StartsWith('^');
        if (negated) body = body[1..];
        regex.Append(negated ? "[^" : "[");
        foreach (var c in body) regex.Append(c is '\\' or '[' or ']' ? "\\" + c : c);
        regex.Append(']');
        return end;
    }
}
