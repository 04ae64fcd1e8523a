using System.Text;

namespace Berth.Dockerfile.Shell;

/// <summary>One pass of <see cref="ShellLexer"/> over one text; holds the cursor and what was looked up.</summary>
internal sealed class ShellWordScanner(ShellLexer lexer, string text, VariableLookup lookup)
{
    private const int Eof = -1;

    private readonly HashSet<string> _matched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unmatched = new(StringComparer.Ordinal);
    private int _pos;
    private bool _rawEscapes = lexer.RawEscapes;

    public ShellWordResult Run()
    {
        try
        {
            var (result, words) = ProcessUntil(Eof, _rawEscapes);
            return new ShellWordResult(result, words, _matched, _unmatched);
        }
        catch (ShellExpansionException e)
        {
            throw new ShellExpansionException($"failed to process {GoFormat.Quote(text)}: {e.Message}");
        }
    }

    private int Peek() => _pos < text.Length ? text[_pos] : Eof;

    private int Next() => _pos < text.Length ? text[_pos++] : Eof;

    private (string Result, List<string> Words) ProcessUntil(int stop, bool rawEscapes)
    {
        var result = new StringBuilder();
        var words = new ShellWords();
        var savedRawEscapes = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            while (Peek() != Eof)
            {
                var ch = Peek();
                if (stop != Eof && ch == stop)
                {
                    Next();
                    return (result.ToString(), words.Finish());
                }
                var special = ProcessSpecial(ch);
                if (special is not null)
                {
                    result.Append(special);
                    if (ch == '$')
                    {
                        // An expanded value splits on whitespace like unquoted text.
                        words.AddString(special);
                    }
                    else
                    {
                        words.AddRawString(special);
                    }
                    continue;
                }

                ch = Next();
                if (ch == lexer.EscapeToken)
                {
                    if (_rawEscapes)
                    {
                        words.AddRawChar((char)ch);
                        result.Append((char)ch);
                    }
                    ch = Next();
                    if (ch == Eof)
                    {
                        // A trailing escape token escapes nothing and disappears.
                        break;
                    }
                    words.AddRawChar((char)ch);
                }
                else
                {
                    words.AddChar((char)ch);
                }
                result.Append((char)ch);
            }
            if (stop != Eof)
            {
                throw new ShellExpansionException($"unexpected end of statement while looking for matching {(char)stop}");
            }
            return (result.ToString(), words.Finish());
        }
        finally
        {
            _rawEscapes = savedRawEscapes;
        }
    }

    /// <summary>Handles a character that starts a construct; null when <paramref name="ch"/> is ordinary.</summary>
    private string? ProcessSpecial(int ch) => ch switch
    {
        '$' => ProcessDollar(),
        '<' => ProcessPossibleHeredoc(),
        '\'' when !lexer.SkipProcessQuotes => ProcessSingleQuote(),
        '"' when !lexer.SkipProcessQuotes => ProcessDoubleQuote(),
        _ => null,
    };

    private string ProcessSingleQuote()
    {
        var result = new StringBuilder();
        var ch = Next();
        if (lexer.RawQuotes)
        {
            result.Append((char)ch);
        }
        while (true)
        {
            ch = Next();
            if (ch == Eof)
            {
                throw new ShellExpansionException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'')
            {
                if (lexer.RawQuotes)
                {
                    result.Append('\'');
                }
                return result.ToString();
            }
            result.Append((char)ch);
        }
    }

    private string ProcessDoubleQuote()
    {
        var result = new StringBuilder();
        var ch = Next();
        if (lexer.RawQuotes)
        {
            result.Append((char)ch);
        }
        while (true)
        {
            switch (Peek())
            {
                case Eof:
                    throw new ShellExpansionException("unexpected end of statement while looking for matching double-quote");
                case '"':
                    Next();
                    if (lexer.RawQuotes)
                    {
                        result.Append('"');
                    }
                    return result.ToString();
                case '$':
                    result.Append(ProcessDollar());
                    break;
                default:
                    ch = Next();
                    if (ch == lexer.EscapeToken)
                    {
                        if (_rawEscapes)
                        {
                            result.Append((char)ch);
                        }
                        var next = Peek();
                        if (next == Eof)
                        {
                            continue;
                        }
                        // Inside double quotes the escape token only escapes ", $ and itself.
                        if (next == '"' || next == '$' || next == lexer.EscapeToken)
                        {
                            ch = Next();
                        }
                    }
                    result.Append((char)ch);
                    break;
            }
        }
    }

    private string ProcessDollar()
    {
        Next();
        if (Peek() != '{')
        {
            var plainName = ProcessName();
            if (plainName.Length == 0)
            {
                return "$";
            }
            var plainValue = GetEnv(plainName);
            return plainValue is null && lexer.SkipUnsetEnv ? "$" + plainName : plainValue ?? "";
        }

        Next();
        switch (Peek())
        {
            case Eof:
                throw new ShellExpansionException("syntax error: missing '}'");
            case '{' or '}' or ':':
                throw new ShellExpansionException("syntax error: bad substitution");
        }
        var name = ProcessName();
        var ch = Next();
        var modifier = RuneText(ch);
        var nullIsUnset = false;
        switch (ch)
        {
            case '}':
                var value = GetEnv(name);
                return value is null && lexer.SkipUnsetEnv ? "${" + name + "}" : value ?? "";
            case ':':
                nullIsUnset = true;
                ch = Next();
                modifier += RuneText(ch);
                return ProcessModifier(name, ch, modifier, nullIsUnset);
            case '+' or '-' or '?' or '#' or '%':
                return ProcessModifier(name, ch, modifier, nullIsUnset);
            case '/':
                return ProcessReplacement(name);
            default:
                throw new ShellExpansionException($"unsupported modifier ({modifier}) in substitution");
        }
    }

    private string ProcessModifier(string name, int ch, string modifier, bool nullIsUnset)
    {
        var patternOperator = ch == '#' || ch == '%';
        if (nullIsUnset && patternOperator)
        {
            throw new ShellExpansionException($"unsupported modifier ({modifier}) in substitution");
        }
        var word = ProcessClosing('}', patternOperator, "syntax error: missing '}'");
        var value = GetEnv(name);
        if (lexer.SkipUnsetEnv && value is null)
        {
            return "${" + name + modifier + word + "}";
        }
        var unsetOrNull = value is null || (nullIsUnset && value.Length == 0);
        switch (ch)
        {
            case '-':
                return unsetOrNull ? word : value!;
            case '+':
                return unsetOrNull ? "" : word;
            case '?':
                if (value is null)
                {
                    throw new ShellExpansionException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                }
                if (nullIsUnset && value.Length == 0)
                {
                    throw new ShellExpansionException($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                }
                return value;
            case '%' or '#':
                var greedy = word.Length > 0 && word[0] == ch;
                if (greedy)
                {
                    word = word[1..];
                }
                return ch == '%'
                    ? ShellPattern.TrimSuffix(word, value ?? "", greedy)
                    : ShellPattern.TrimPrefix(word, value ?? "", greedy);
            default:
                throw new ShellExpansionException($"unsupported modifier ({modifier}) in substitution");
        }
    }

    private string ProcessReplacement(string name)
    {
        var replaceAll = Peek() == '/';
        if (replaceAll)
        {
            Next();
        }
        var pattern = ProcessClosing('/', rawEscapes: true, "syntax error: missing '/' in ${}");
        var replacement = ProcessClosing('}', rawEscapes: true, "syntax error: missing '}'");
        var value = GetEnv(name);
        if (lexer.SkipUnsetEnv && value is null)
        {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        return ShellPattern.Replace(value ?? "", pattern, replacement, replaceAll);
    }

    /// <summary>Processes up to <paramref name="stop"/>; running out of text is reported as <paramref name="eofMessage"/>.</summary>
    private string ProcessClosing(char stop, bool rawEscapes, string eofMessage)
    {
        try
        {
            return ProcessUntil(stop, rawEscapes).Result;
        }
        catch (ShellExpansionException) when (Peek() == Eof)
        {
            throw new ShellExpansionException(eofMessage);
        }
    }

    private string ProcessName()
    {
        var name = new StringBuilder();
        while (Peek() != Eof)
        {
            var ch = (char)Peek();
            if (name.Length == 0 && char.IsDigit(ch))
            {
                // Positional parameters: all the digits, never set in a Dockerfile.
                while (Peek() != Eof && char.IsDigit((char)Peek()))
                {
                    name.Append((char)Next());
                }
                return name.ToString();
            }
            if (name.Length == 0 && IsSpecialParameter(ch))
            {
                Next();
                return ch.ToString();
            }
            if (!char.IsLetter(ch) && !char.IsDigit(ch) && ch != '_')
            {
                break;
            }
            name.Append((char)Next());
        }
        return name.ToString();
    }

    /// <summary>Keeps <c>&lt;&lt;</c> and the blanks after it together so a heredoc marker stays one word.</summary>
    private string ProcessPossibleHeredoc()
    {
        Next();
        if (Peek() != '<')
        {
            return "<";
        }
        Next();
        var result = new StringBuilder("<<");
        while (Peek() is '\t' or '\r' or ' ')
        {
            result.Append((char)Next());
        }
        return result.ToString();
    }

    private static bool IsSpecialParameter(char ch) => ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0';

    // Go prints the end-of-input rune (-1) as U+FFFD in "unsupported modifier" messages.
    private static string RuneText(int ch) => ch == Eof ? "\uFFFD" : ((char)ch).ToString();

    private string? GetEnv(string name)
    {
        var value = lookup(name);
        (value is null ? _unmatched : _matched).Add(name);
        return value;
    }
}
