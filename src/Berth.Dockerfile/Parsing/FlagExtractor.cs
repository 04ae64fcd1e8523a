using System.Text;

namespace Berth.Dockerfile.Parsing;

/// <summary>
/// Splits the leading <c>--flag[=value]</c> words off an instruction's arguments. Flags end at the first word
/// that does not start with <c>--</c>, or at a bare <c>--</c>. Quotes inside a flag are removed and the escape
/// token escapes the next character (<c>--mount="type=bind,target=/a b"</c> is one flag).
/// </summary>
internal static class FlagExtractor
{
    public static (IReadOnlyList<string> Flags, string Remainder) Extract(string line, char escapeToken)
    {
        var flags = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos <= line.Length; pos++)
        {
            var atEnd = pos == line.Length;
            var ch = atEnd ? '\0' : line[pos];
            if (!inWord && quote == '\0')
            {
                if (atEnd)
                {
                    break;
                }
                if (char.IsWhiteSpace(ch))
                {
                    continue;
                }
                if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                {
                    return (flags, line[pos..]);
                }
                inWord = true;
            }
            if (atEnd)
            {
                var last = word.ToString();
                if (last != "--" && (blankOk || last.Length > 0))
                {
                    flags.Add(last);
                }
                break;
            }
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    var done = word.ToString();
                    inWord = false;
                    if (done == "--")
                    {
                        return (flags, line[pos..]);
                    }
                    if (blankOk || done.Length > 0)
                    {
                        flags.Add(done);
                    }
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    continue;
                }
            }
            else if (ch == quote)
            {
                quote = '\0';
                continue;
            }
            if (ch == escapeToken)
            {
                if (pos + 1 == line.Length)
                {
                    // A trailing escape token is dropped (and closes an open quote).
                    quote = '\0';
                    continue;
                }
                pos++;
                ch = line[pos];
            }
            word.Append(ch);
        }
        return (flags, "");
    }
}
