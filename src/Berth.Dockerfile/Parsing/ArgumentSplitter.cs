using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Dockerfile.Parsing;

/// <summary>
/// The ways BuildKit's line parser splits an instruction's arguments, chosen per instruction by
/// <see cref="NodeBuilder"/>. None of them expands variables; that happens per build step.
/// </summary>
internal static partial class ArgumentSplitter
{
    /// <summary>
    /// Words separated by unquoted whitespace, with quotes and escape tokens kept so that expansion can
    /// unquote them later (ENV, LABEL, ARG).
    /// </summary>
    public static List<string> QuotedWords(string rest, char escapeToken)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos <= rest.Length; pos++)
        {
            var atEnd = pos == rest.Length;
            var ch = atEnd ? '\0' : rest[pos];
            if (!inWord)
            {
                if (atEnd)
                {
                    break;
                }
                if (char.IsWhiteSpace(ch))
                {
                    continue;
                }
                inWord = true;
            }
            if (atEnd)
            {
                if (blankOk || word.Length > 0)
                {
                    words.Add(word.ToString());
                }
                break;
            }
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    inWord = false;
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                    }
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                }
                else if (ch == escapeToken)
                {
                    if (pos + 1 == rest.Length)
                    {
                        continue;
                    }
                    word.Append(ch);
                    pos++;
                    ch = rest[pos];
                }
                word.Append(ch);
                continue;
            }
            if (ch == quote)
            {
                quote = '\0';
            }
            else if (ch == escapeToken && quote != '\'')
            {
                if (pos + 1 == rest.Length)
                {
                    quote = '\0';
                    continue;
                }
                word.Append(ch);
                pos++;
                ch = rest[pos];
            }
            word.Append(ch);
        }
        return words;
    }

    /// <summary>Split on runs of blanks (FROM, EXPOSE, and the shell form of COPY, ADD and VOLUME).</summary>
    public static List<string> Whitespace(string rest) =>
        rest.Length == 0 ? [] : [.. Blanks().Split(rest)];

    /// <summary>Splits at the first run of blanks.</summary>
    public static string[] FirstWhitespace(string rest) => Blanks().Split(rest, 2);

    /// <summary>
    /// Parses the exec form <c>["a", "b"]</c>. Returns null when <paramref name="rest"/> is not a JSON array
    /// (the caller then falls back to the shell form, as BuildKit does); an array holding anything but strings
    /// is an error.
    /// </summary>
    public static List<string>? JsonArray(string rest)
    {
        rest = rest.TrimStart();
        if (!rest.StartsWith('['))
        {
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(rest);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw new NodeException("when using JSON array syntax, arrays must be comprised of strings only");
                }
                values.Add(element.GetString()!);
            }
            return values;
        }
    }

    [GeneratedRegex(@"[\t\v\f\r ]+")]
    private static partial Regex Blanks();
}

/// <summary>An instruction line the line parser rejects; the scanner adds the location.</summary>
internal sealed class NodeException(string message) : Exception(message);
