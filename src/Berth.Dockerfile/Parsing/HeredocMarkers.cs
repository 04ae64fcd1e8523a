using System.Text.RegularExpressions;
using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Parsing;

/// <summary>
/// Finds heredoc markers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c>, <c>2&lt;&lt;'EOF'</c>) in an
/// instruction line. The line is split into words with quotes and escapes kept, so a quoted
/// <c>"&lt;&lt;EOF"</c> is not a marker; a marker's name is then unquoted, and a name that lost quotes in the
/// process turns expansion off for that body.
/// </summary>
internal static partial class HeredocMarkers
{
    // Markers are always lexed with a backslash escape, whatever the escape directive says (as BuildKit).
    private static readonly ShellLexer RawLexer = new() { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
    private static readonly ShellLexer NameLexer = new() { SkipUnsetEnv = true };
    private static readonly ShellLexer RawNameLexer = new() { RawQuotes = true, SkipUnsetEnv = true };

    /// <summary>The markers on <paramref name="line"/>, in order, with empty contents.</summary>
    public static IReadOnlyList<Heredoc> FindAll(string line)
    {
        IReadOnlyList<string> words;
        try
        {
            words = RawLexer.ProcessWords(line, VariableLookups.Empty);
        }
        catch (ShellExpansionException)
        {
            // BuildKit ignores a line it cannot split here; the instruction's own parsing reports problems.
            return [];
        }
        var markers = new List<Heredoc>();
        foreach (var word in words)
        {
            if (Parse(word) is { } marker)
            {
                markers.Add(marker);
            }
        }
        return markers;
    }

    /// <summary>The marker <paramref name="word"/> stands for, or null when it is not one.</summary>
    public static Heredoc? Parse(string word)
    {
        var match = MarkerPattern().Match(word);
        if (!match.Success)
        {
            return null;
        }
        var rest = match.Groups[3].Value;
        if (rest.Length == 0)
        {
            return null;
        }
        var names = NameLexer.ProcessWords(rest, VariableLookups.Empty);
        if (names.Count != 1)
        {
            return null;
        }
        var rawNames = RawNameLexer.ProcessWords(rest, VariableLookups.Empty);
        var expand = CountQuotes(names[0]) == CountQuotes(rawNames[0]);
        var fd = match.Groups[1].Value.Length > 0 && int.TryParse(match.Groups[1].Value, out var n) ? n : 0;
        return new Heredoc(names[0], fd, expand, match.Groups[2].Value == "-", "");
    }

    public static string StripLeadingTabs(string content) => LeadingTabs().Replace(content, "");

    private static int CountQuotes(string word) => word.Count(c => c is '\'' or '"');

    [GeneratedRegex(@"^(\d*)<<(-?)\s*([^<]*)$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^\t+", RegexOptions.Multiline)]
    private static partial Regex LeadingTabs();
}
