using System.Text.RegularExpressions;

namespace Berth.Dockerfile.Parsing;

/// <summary>
/// Recognises parser directives the way BuildKit does: only while every line so far was a directive. The first
/// line that is not <c># name=value</c> with a known name (a blank line, an instruction, any other comment, an
/// unknown directive) ends the directive block for good. Names are case-insensitive; each may appear once.
/// </summary>
internal sealed partial class DirectiveReader
{
    private static readonly string[] Known = ["syntax", "escape", "check"];

    private readonly List<ParserDirective> _directives = [];
    private bool _done;

    public IReadOnlyList<ParserDirective> Directives => _directives;

    /// <summary>Reads one line (newline and leading blanks already trimmed); returns the directive it holds, if any.</summary>
    public ParserDirective? Read(string line, int lineNumber)
    {
        if (_done)
        {
            return null;
        }
        if (!line.StartsWith('#'))
        {
            _done = true;
            return null;
        }
        var match = DirectivePattern().Match(line[1..].TrimStart());
        if (!match.Success)
        {
            _done = true;
            return null;
        }
        var name = match.Groups[1].Value.ToLowerInvariant();
        if (!Known.Contains(name))
        {
            _done = true;
            return null;
        }
        if (_directives.Any(d => d.Name == name))
        {
            throw new DirectiveException($"only one {name} parser directive can be used");
        }
        var directive = new ParserDirective(name, match.Groups[2].Value, lineNumber);
        _directives.Add(directive);
        return directive;
    }

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex DirectivePattern();
}

/// <summary>A malformed parser directive; the line scanner adds the location.</summary>
internal sealed class DirectiveException(string message) : Exception(message);
