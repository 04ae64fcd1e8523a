using System.Globalization;

namespace Berth.Cli.Formatting;

/// <summary>
/// Recursive-descent parser following Go's text/template/parse: same grammar, same checks
/// (functions must exist, variables must be declared, break/continue only inside range) and
/// the same error wording so users see the messages docker would print.
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _text;
    private readonly List<TemplateToken> _tokens;
    private readonly IReadOnlySet<string> _functions;
    private readonly List<string> _vars = ["$"];
    private int _index;
    private int _lastPos;
    private int _rangeDepth;

    private TemplateParser(string text, IReadOnlySet<string> functions)
    {
        _text = text;
        _tokens = TemplateLexer.Lex(text);
        _functions = functions;
    }

    public static ListNode Parse(string text, IReadOnlySet<string> functions) =>
        new TemplateParser(text, functions).ParseRoot();

    private ListNode ParseRoot()
    {
        var nodes = new List<TemplateNode>();
        while (Peek().Kind != TokenKind.Eof)
        {
            var node = TextOrAction();
            if (node is EndMarker or ElseMarker)
            {
                throw Error($"unexpected {node}");
            }

            nodes.Add(node);
        }

        return new ListNode(0, nodes);
    }

    private (ListNode List, TemplateNode Next) ItemList()
    {
        var nodes = new List<TemplateNode>();
        var pos = PeekNonSpace().Pos;
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var node = TextOrAction();
            if (node is EndMarker or ElseMarker)
            {
                return (new ListNode(pos, nodes), node);
            }

            nodes.Add(node);
        }

        throw Error("unexpected EOF");
    }

    private TemplateNode TextOrAction()
    {
        var token = NextNonSpace();
        return token.Kind switch
        {
            TokenKind.Text => new TextNode(token.Pos, token.Value),
            TokenKind.LeftDelim => Action(),
            _ => throw Unexpected(token, "input"),
        };
    }

    private TemplateNode Action()
    {
        var token = NextNonSpace();
        if (token.Kind == TokenKind.Keyword)
        {
            switch (token.Value)
            {
                case "if":
                    return Control(BranchKind.If, token.Pos);
                case "with":
                    return Control(BranchKind.With, token.Pos);
                case "range":
                    return Control(BranchKind.Range, token.Pos);
                case "else":
                    return ElseControl();
                case "end":
                    Expect(TokenKind.RightDelim, "end");
                    return new EndMarker(token.Pos);
                case "break":
                    return LoopControl(token, "break");
                case "continue":
                    return LoopControl(token, "continue");
                default:
                    // define/template/block need named templates, which no docker --format uses.
                    throw Error($"{{{{{token.Value}}}}} is not supported");
            }
        }

        Backup();
        var pos = Peek().Pos;
        return new ActionNode(pos, Pipeline("command", TokenKind.RightDelim));
    }

    private TemplateNode LoopControl(TemplateToken keyword, string name)
    {
        var token = NextNonSpace();
        if (token.Kind != TokenKind.RightDelim)
        {
            throw Unexpected(token, $"{{{{{name}}}}}");
        }

        if (_rangeDepth == 0)
        {
            throw Error($"{{{{{name}}}}} outside {{{{range}}}}");
        }

        return name == "break" ? new BreakNode(keyword.Pos) : new ContinueNode(keyword.Pos);
    }

    private ElseMarker ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind == TokenKind.Keyword && peek.Value is "if" or "with")
        {
            // "{{else if x}}" is parsed as "{{else}}{{if x}}...{{end}}", as Go does.
            return new ElseMarker(peek.Pos, peek.Value);
        }

        var token = Expect(TokenKind.RightDelim, "else");
        return new ElseMarker(token.Pos, null);
    }

    private BranchNode Control(BranchKind kind, int pos)
    {
        var context = BranchNode.Keyword(kind);
        var varCount = _vars.Count;
        try
        {
            var pipe = Pipeline(context, TokenKind.RightDelim);
            if (kind == BranchKind.Range)
            {
                _rangeDepth++;
            }

            var (list, next) = ItemList();
            if (kind == BranchKind.Range)
            {
                _rangeDepth--;
            }

            ListNode? elseList = null;
            if (next is ElseMarker elseMarker)
            {
                elseList = ElseBranch(kind, elseMarker);
            }

            return new BranchNode(pos, kind, pipe, list, elseList);
        }
        finally
        {
            _vars.RemoveRange(varCount, _vars.Count - varCount);
        }
    }

    private ListNode ElseBranch(BranchKind kind, ElseMarker marker)
    {
        if ((kind == BranchKind.If && marker.Chained == "if") || (kind == BranchKind.With && marker.Chained == "with"))
        {
            var keyword = NextNonSpace();
            return new ListNode(marker.Pos, [Control(kind, keyword.Pos)]);
        }

        if (marker.Chained is not null)
        {
            // "{{else with}}" inside "if" (or vice versa) is not chained; Go reports the keyword.
            throw Unexpected(NextNonSpace(), "input");
        }

        var (elseList, next) = ItemList();
        if (next is not EndMarker)
        {
            throw Error($"expected end; found {next}");
        }

        return elseList;
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var pos = PeekNonSpace().Pos;
        var declarations = new List<string>();
        var isAssign = false;
        while (PeekNonSpace().Kind == TokenKind.Variable)
        {
            var mark = _index;
            var variable = NextNonSpace();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                isAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                declarations.Add(variable.Value);
                _vars.Add(variable.Value);
                break;
            }

            if (next.Kind == TokenKind.Comma)
            {
                NextNonSpace();
                declarations.Add(variable.Value);
                _vars.Add(variable.Value);
                if (context == "range" && declarations.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        continue;
                    }

                    throw Error("range can only initialize variables");
                }

                throw Error($"too many declarations in {context}");
            }

            _index = mark;
            break;
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                CheckPipeline(commands, context);
                return new PipeNode(pos, declarations, isAssign, commands);
            }

            switch (token.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field
                    or TokenKind.Identifier or TokenKind.Number or TokenKind.Nil or TokenKind.RawString
                    or TokenKind.String or TokenKind.Variable or TokenKind.LeftParen:
                    Backup();
                    commands.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private void CheckPipeline(List<CommandNode> commands, string context)
    {
        if (commands.Count == 0)
        {
            throw Error($"missing value for {context}");
        }

        for (var i = 1; i < commands.Count; i++)
        {
            if (commands[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error($"non executable command in pipeline stage {i + 1}");
            }
        }
    }

    private CommandNode Command()
    {
        var pos = PeekNonSpace().Pos;
        var args = new List<TemplateNode>();
        while (true)
        {
            PeekNonSpace();
            if (Operand() is { } operand)
            {
                args.Add(operand);
            }

            var token = Next();
            if (token.Kind == TokenKind.Space)
            {
                continue;
            }

            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                Backup();
            }
            else if (token.Kind != TokenKind.Pipe)
            {
                throw Unexpected(token, "operand");
            }

            break;
        }

        if (args.Count == 0)
        {
            throw Error("empty command");
        }

        return new CommandNode(pos, args);
    }

    private TemplateNode? Operand()
    {
        var node = Term();
        if (node is null || Peek().Kind != TokenKind.Field)
        {
            return node;
        }

        var chainPos = Peek().Pos;
        var idents = new List<string>();
        while (Peek().Kind == TokenKind.Field)
        {
            idents.Add(Next().Value[1..]);
        }

        return node switch
        {
            FieldNode field => new FieldNode(chainPos, [.. field.Idents, .. idents]),
            VariableNode variable => new VariableNode(chainPos, variable.Name, [.. variable.Idents, .. idents]),
            BoolNode or StringNode or NumberNode or NilNode or DotNode =>
                throw Error($"unexpected . after term {GoQuote.String(node.ToString()!)}"),
            _ => new ChainNode(chainPos, node, idents),
        };
    }

    private TemplateNode? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!_functions.Contains(token.Value))
                {
                    throw Error($"function {GoQuote.String(token.Value)} not defined");
                }

                return new IdentifierNode(token.Pos, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                return UseVariable(token);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.Number or TokenKind.CharConstant:
                return NumberTerm(token);
            case TokenKind.LeftParen:
                return new SubPipeNode(token.Pos, Pipeline("parenthesized pipeline", TokenKind.RightParen));
            case TokenKind.String or TokenKind.RawString:
                return new StringNode(token.Pos, token.Value, Unquote(token));
            default:
                Backup();
                return null;
        }
    }

    private VariableNode UseVariable(TemplateToken token)
    {
        if (!_vars.Contains(token.Value))
        {
            throw Error($"undefined variable {GoQuote.String(token.Value)}");
        }

        return new VariableNode(token.Pos, token.Value, []);
    }

    private NumberNode NumberTerm(TemplateToken token)
    {
        if (token.Kind == TokenKind.CharConstant)
        {
            var rune = GoStringLiteral.Unquote(token.Value) ?? throw Error("invalid syntax");
            return new NumberNode(token.Pos, token.Value, (long)char.ConvertToUtf32(rune, 0));
        }

        var text = token.Value.Replace("_", "", StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-');
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return new NumberNode(token.Pos, token.Value, negative ? -hex : hex);
        }

        if (!digits.AsSpan().ContainsAny(".eE") && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new NumberNode(token.Pos, token.Value, integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return new NumberNode(token.Pos, token.Value, real);
        }

        throw Error($"illegal number syntax: {GoQuote.String(token.Value)}");
    }

    private string Unquote(TemplateToken token) =>
        GoStringLiteral.Unquote(token.Value) ?? throw Error("invalid syntax");

    private TemplateToken Expect(TokenKind kind, string context)
    {
        var token = NextNonSpace();
        return token.Kind == kind ? token : throw Unexpected(token, context);
    }

    private TemplateToken Next()
    {
        var token = Peek();
        _index++;
        _lastPos = token.Pos;
        return token;
    }

    private TemplateToken NextNonSpace()
    {
        TemplateToken token;
        do
        {
            token = Next();
        }
        while (token.Kind == TokenKind.Space);

        return token;
    }

    // The token list always ends in Eof or Error; reading past it keeps returning that token.
    private TemplateToken Peek() => _tokens[Math.Min(_index, _tokens.Count - 1)];

    private TemplateToken PeekNonSpace()
    {
        while (Peek().Kind == TokenKind.Space)
        {
            _index++;
        }

        return Peek();
    }

    private void Backup() => _index--;

    private TemplateException Unexpected(TemplateToken token, string context)
    {
        if (token.Kind == TokenKind.Error)
        {
            return Error(token.Value);
        }

        return Error($"unexpected {Describe(token)} in {context}");
    }

    private static string Describe(TemplateToken token) => token.Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Keyword or TokenKind.Dot or TokenKind.Nil => $"<{token.Value}>",
        _ when token.Value.Length > 10 => GoQuote.String(token.Value[..10]) + "...",
        _ => GoQuote.String(token.Value),
    };

    private TemplateException Error(string message)
    {
        var line = 1 + _text.AsSpan(0, Math.Min(_lastPos, _text.Length)).Count('\n');
        return new TemplateException($"template: :{line}: {message}");
    }

    /// <summary>Parse-time stand-in for <c>{{end}}</c>; never part of the finished tree.</summary>
    private sealed record EndMarker(int Pos) : TemplateNode(Pos)
    {
        public override string ToString() => "{{end}}";
    }

    /// <param name="Chained">"if"/"with" for <c>{{else if}}</c>/<c>{{else with}}</c>, else null.</param>
    private sealed record ElseMarker(int Pos, string? Chained) : TemplateNode(Pos)
    {
        public override string ToString() => "{{else}}";
    }
}
