using System.Text;
using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Parsing;

/// <summary>
/// The first pass over a Dockerfile, as BuildKit's parser.Parse: reads parser directives at the top, drops
/// comments and blank lines, joins continuation lines (the escape token at the end of a line; comment lines
/// and empty lines inside a continuation are skipped, the latter with a warning), builds a node per logical
/// line and reads the bodies of its heredocs. Line numbers are 1-based.
/// </summary>
internal sealed class LineScanner
{
    private readonly string _file;
    private readonly List<string> _lines;
    private readonly DirectiveReader _directives = new();
    private readonly List<SyntaxNode> _nodes = [];
    private readonly List<ParseWarning> _warnings = [];
    private char _escape = '\\';
    private int _next;

    private LineScanner(string text, string file)
    {
        _file = file;
        _lines = SplitLines(text.StartsWith('\uFEFF') ? text[1..] : text);
    }

    public static SyntaxTree Scan(string text, string file) => new LineScanner(text, file).Run();

    private SyntaxTree Run()
    {
        while (_next < _lines.Count)
        {
            var lineNumber = _next + 1;
            var first = ProcessLine(_lines[_next++], lineNumber, stripLeadingBlanks: true);
            var startLine = lineNumber;
            var (text, endOfLine) = TrimContinuation(first);
            if (endOfLine && text.Length == 0)
            {
                continue;
            }
            var logical = new StringBuilder(text);
            var emptyContinuation = false;
            while (!endOfLine && _next < _lines.Count)
            {
                var raw = _lines[_next++];
                var continuation = ProcessLine(raw, _next, stripLeadingBlanks: false);
                if (IsComment(raw))
                {
                    continue;
                }
                if (continuation.TrimStart().Length == 0)
                {
                    emptyContinuation = true;
                    continue;
                }
                (text, endOfLine) = TrimContinuation(continuation);
                logical.Append(text);
            }
            var line = logical.ToString();
            if (emptyContinuation)
            {
                _warnings.Add(new ParseWarning(_next, "Empty continuation line found in: " + line));
            }

            var node = BuildNode(line, startLine);
            if (node.CanContainHeredoc && line.Contains("<<", StringComparison.Ordinal))
            {
                node = node with { Heredocs = ReadHeredocs(line, startLine) };
            }
            _nodes.Add(node with { EndLine = _next });
        }
        if (_nodes.Count == 0)
        {
            throw new DockerfileParseException(_file, _lines.Count, "file with no instructions");
        }
        return new SyntaxTree(new ParserDirectives(_directives.Directives), _escape, _nodes, _warnings);
    }

    private SyntaxNode BuildNode(string line, int startLine)
    {
        try
        {
            return NodeBuilder.Build(line, _escape, startLine, _next);
        }
        catch (NodeException e)
        {
            throw new DockerfileParseException(_file, startLine, e.Message);
        }
    }

    /// <summary>Reads each marker's body up to its delimiter line (tabs ignored there for <c>&lt;&lt;-</c>).</summary>
    private List<Heredoc> ReadHeredocs(string line, int startLine)
    {
        IReadOnlyList<Heredoc> markers;
        try
        {
            markers = HeredocMarkers.FindAll(line);
        }
        catch (ShellExpansionException e)
        {
            throw new DockerfileParseException(_file, startLine, e.Message);
        }
        var heredocs = new List<Heredoc>();
        foreach (var marker in markers)
        {
            var body = new StringBuilder();
            var terminated = false;
            while (_next < _lines.Count)
            {
                var raw = _lines[_next++];
                var candidate = raw.TrimEnd('\r', '\n');
                if (marker.Chomp)
                {
                    candidate = candidate.TrimStart('\t');
                }
                if (candidate == marker.Name)
                {
                    terminated = true;
                    break;
                }
                body.Append(raw);
            }
            if (!terminated)
            {
                throw new DockerfileParseException(_file, startLine, "unterminated heredoc");
            }
            heredocs.Add(marker with { Content = body.ToString() });
        }
        return heredocs;
    }

    /// <summary>Trims the newline (and leading blanks), feeds the directive reader, and blanks out comments.</summary>
    private string ProcessLine(string raw, int lineNumber, bool stripLeadingBlanks)
    {
        var line = raw.TrimEnd('\r', '\n');
        if (stripLeadingBlanks)
        {
            line = line.TrimStart();
        }
        try
        {
            if (_directives.Read(line, lineNumber) is { Name: "escape" } escape)
            {
                SetEscape(escape.Value);
            }
        }
        catch (DirectiveException e)
        {
            throw new DockerfileParseException(_file, lineNumber, e.Message);
        }
        return IsComment(line) ? "" : line;

        void SetEscape(string value)
        {
            if (value is not ("`" or "\\"))
            {
                throw new DockerfileParseException(_file, lineNumber, $"invalid escape token '{value}' does not match ` or \\");
            }
            _escape = value[0];
        }
    }

    /// <summary>
    /// Removes a trailing escape token (and blanks after it); the second value is false when it was there, i.e.
    /// the instruction continues. A doubled token is an escaped one and does not continue the line.
    /// </summary>
    private (string Text, bool EndOfLine) TrimContinuation(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }
        if (end == 0 || line[end - 1] != _escape || (end >= 2 && line[end - 2] == _escape))
        {
            return (line, true);
        }
        return (line[..(end - 1)], false);
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    /// <summary>Splits after each '\n', keeping it: heredoc bodies keep their line endings.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }
}
