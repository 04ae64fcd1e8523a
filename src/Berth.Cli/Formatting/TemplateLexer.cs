namespace Berth.Cli.Formatting;

/// <summary>
/// Splits a template into tokens the way Go's text/template lexer does, including the
/// <c>{{- </c> / <c> -}}</c> trim markers and <c>{{/* */}}</c> comments. Lexical errors become an
/// <see cref="TokenKind.Error"/> token so the parser reports them in source order, as Go does.
/// </summary>
internal sealed class TemplateLexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";

    private static readonly HashSet<string> Keywords =
        ["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"];

    private readonly string _input;
    private readonly List<TemplateToken> _tokens = [];
    private int _pos;
    private int _start;
    private int _parenDepth;

    private TemplateLexer(string input) => _input = input;

    public static List<TemplateToken> Lex(string input)
    {
        var lexer = new TemplateLexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private enum Next
    {
        Stop,
        Text,
        Action,
    }

    private void Run()
    {
        var next = Next.Text;
        while (next != Next.Stop)
        {
            next = next == Next.Text ? LexText() : LexInsideAction();
        }
    }

    private Next LexText()
    {
        var delim = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
        if (delim < 0)
        {
            _pos = _input.Length;
            EmitIfNonEmpty(TokenKind.Text);
            Emit(TokenKind.Eof);
            return Next.Stop;
        }

        var trim = HasLeftTrimMarker(delim + LeftDelim.Length);
        var textEnd = delim;
        if (trim)
        {
            while (textEnd > _start && IsSpace(_input[textEnd - 1]))
            {
                textEnd--;
            }
        }

        _pos = textEnd;
        EmitIfNonEmpty(TokenKind.Text);
        _pos = delim + LeftDelim.Length + (trim ? 2 : 0);
        _start = delim;

        if (At("/*"))
        {
            return LexComment();
        }

        Emit(TokenKind.LeftDelim);
        _parenDepth = 0;
        return Next.Action;
    }

    private Next LexComment()
    {
        var end = _input.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return Stop("unclosed comment");
        }

        _pos = end + 2;
        var trim = HasRightTrimMarker(_pos);
        if (trim)
        {
            _pos += 2;
        }

        if (!At(RightDelim))
        {
            return Stop("comment ends before closing delimiter");
        }

        _pos += RightDelim.Length;
        if (trim)
        {
            SkipSpace();
        }

        _start = _pos;
        return Next.Text;
    }

    private Next LexInsideAction()
    {
        while (true)
        {
            var trim = HasRightTrimMarker(_pos) && AtOffset(2, RightDelim);
            if (trim || At(RightDelim))
            {
                if (_parenDepth > 0)
                {
                    return Stop("unclosed left paren");
                }

                _pos += (trim ? 2 : 0) + RightDelim.Length;
                Emit(TokenKind.RightDelim);
                if (trim)
                {
                    SkipSpace();
                    _start = _pos;
                }

                return Next.Text;
            }

            if (_pos >= _input.Length)
            {
                return Stop("unclosed action");
            }

            var c = _input[_pos];
            if (!LexActionToken(c))
            {
                return Next.Stop;
            }
        }
    }

    private bool LexActionToken(char c)
    {
        switch (c)
        {
            case ' ' or '\t' or '\r' or '\n':
                LexSpace();
                return true;
            case '=':
                _pos++;
                Emit(TokenKind.Assign);
                return true;
            case ':':
                if (!AtOffset(1, "="))
                {
                    _pos++;
                    return Error("expected :=");
                }

                _pos += 2;
                Emit(TokenKind.Declare);
                return true;
            case '|':
                _pos++;
                Emit(TokenKind.Pipe);
                return true;
            case '"':
                return LexQuote();
            case '`':
                return LexRawQuote();
            case '\'':
                return LexChar();
            case '$':
                return LexFieldOrVariable(TokenKind.Variable);
            case '.':
                if (_pos + 1 < _input.Length && char.IsAsciiDigit(_input[_pos + 1]))
                {
                    return LexNumber();
                }

                return LexFieldOrVariable(TokenKind.Field);
            case '(':
                _pos++;
                _parenDepth++;
                Emit(TokenKind.LeftParen);
                return true;
            case ')':
                _pos++;
                if (--_parenDepth < 0)
                {
                    return Error("unexpected right paren");
                }

                Emit(TokenKind.RightParen);
                return true;
            case ',':
                _pos++;
                Emit(TokenKind.Comma);
                return true;
        }

        if (c is '+' or '-' || char.IsAsciiDigit(c))
        {
            return LexNumber();
        }

        if (IsAlphaNumeric(c))
        {
            return LexIdentifier();
        }

        _pos++;
        return Error($"unrecognized character in action: {GoQuote.Rune(c)}");
    }

    private void LexSpace()
    {
        var count = 0;
        while (_pos < _input.Length && IsSpace(_input[_pos]))
        {
            _pos++;
            count++;
        }

        // A space directly before "-}}" belongs to the trim marker, not to the action.
        if (HasRightTrimMarker(_pos - 1) && AtOffset(1, RightDelim))
        {
            _pos--;
            if (count == 1)
            {
                _start = _pos;
                return;
            }
        }

        Emit(TokenKind.Space);
    }

    private bool LexIdentifier()
    {
        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
        }

        if (!AtTerminator())
        {
            return Error($"bad character {GoQuote.Rune(_input[_pos])}");
        }

        var word = _input[_start.._pos];
        var kind = word switch
        {
            "true" or "false" => TokenKind.Bool,
            "nil" => TokenKind.Nil,
            _ when Keywords.Contains(word) => TokenKind.Keyword,
            _ => TokenKind.Identifier,
        };
        Emit(kind);
        return true;
    }

    private bool LexFieldOrVariable(TokenKind kind)
    {
        _pos++;
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
            return true;
        }

        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
        }

        if (!AtTerminator())
        {
            return Error($"bad character {GoQuote.Rune(_input[_pos])}");
        }

        Emit(kind);
        return true;
    }

    private bool LexQuote()
    {
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                return Error("unterminated quoted string");
            }

            var c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n')
                {
                    return Error("unterminated quoted string");
                }

                _pos++;
            }
            else if (c == '"')
            {
                Emit(TokenKind.String);
                return true;
            }
        }
    }

    private bool LexRawQuote()
    {
        var end = _input.IndexOf('`', _pos + 1);
        if (end < 0)
        {
            _pos = _input.Length;
            return Error("unterminated raw quoted string");
        }

        _pos = end + 1;
        Emit(TokenKind.RawString);
        return true;
    }

    private bool LexChar()
    {
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                return Error("unterminated character constant");
            }

            var c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n')
                {
                    return Error("unterminated character constant");
                }

                _pos++;
            }
            else if (c == '\'')
            {
                Emit(TokenKind.CharConstant);
                return true;
            }
        }
    }

    private bool LexNumber()
    {
        if (_input[_pos] is '+' or '-')
        {
            _pos++;
        }

        var hex = At("0x") || At("0X");
        if (hex)
        {
            _pos += 2;
        }

        Func<char, bool> isDigit = hex ? char.IsAsciiHexDigit : char.IsAsciiDigit;
        SkipWhile(c => isDigit(c) || c == '_');
        if (!hex && _pos < _input.Length && _input[_pos] == '.')
        {
            _pos++;
            SkipWhile(c => isDigit(c) || c == '_');
        }

        if (!hex && _pos < _input.Length && _input[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < _input.Length && _input[_pos] is '+' or '-')
            {
                _pos++;
            }

            SkipWhile(char.IsAsciiDigit);
        }

        if (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
            return Error($"bad number syntax: {GoQuote.String(_input[_start.._pos])}");
        }

        Emit(TokenKind.Number);
        return true;
    }

    private void SkipWhile(Func<char, bool> predicate)
    {
        while (_pos < _input.Length && predicate(_input[_pos]))
        {
            _pos++;
        }
    }

    private void SkipSpace() => SkipWhile(IsSpace);

    private bool AtTerminator()
    {
        if (_pos >= _input.Length)
        {
            return true;
        }

        var c = _input[_pos];
        return IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(' || At(RightDelim);
    }

    private bool At(string s) => string.CompareOrdinal(_input, _pos, s, 0, s.Length) == 0;

    private bool AtOffset(int offset, string s) =>
        _pos + offset <= _input.Length && string.CompareOrdinal(_input, _pos + offset, s, 0, s.Length) == 0;

    private bool HasLeftTrimMarker(int at) =>
        at + 1 < _input.Length && _input[at] == '-' && IsSpace(_input[at + 1]);

    private bool HasRightTrimMarker(int at) =>
        at >= 0 && at + 1 < _input.Length && IsSpace(_input[at]) && _input[at + 1] == '-';

    private void EmitIfNonEmpty(TokenKind kind)
    {
        if (_pos > _start)
        {
            Emit(kind);
        }
    }

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new TemplateToken(kind, _input[_start.._pos], _start));
        _start = _pos;
    }

    private bool Error(string message)
    {
        _tokens.Add(new TemplateToken(TokenKind.Error, message, _start));
        return false;
    }

    private Next Stop(string message)
    {
        Error(message);
        return Next.Stop;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);
}
