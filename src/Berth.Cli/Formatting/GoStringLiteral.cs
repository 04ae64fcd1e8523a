using System.Globalization;
using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>Go's strconv.Unquote for the three literal forms a template may contain.</summary>
internal static class GoStringLiteral
{
    // "\x" and octal escapes denote bytes in Go; treating them as code points agrees for ASCII,
    // the only case a --format string realistically contains.
    /// <returns>The literal's value, or null when it is malformed (Go reports "invalid syntax").</returns>
    public static string? Unquote(string literal)
    {
        if (literal.Length < 2 || literal[0] != literal[^1])
        {
            return null;
        }

        var body = literal[1..^1];
        switch (literal[0])
        {
            case '`':
                // Go drops carriage returns from raw strings.
                return body.Replace("\r", "", StringComparison.Ordinal);
            case '"':
                return UnescapeBody(body, '"');
            case '\'':
                var rune = UnescapeBody(body, '\'');
                return rune is not null && rune.EnumerateRunes().Count() == 1 ? rune : null;
            default:
                return null;
        }
    }

    private static string? UnescapeBody(string body, char quote)
    {
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == quote || c == '\n')
            {
                return null;
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= body.Length)
            {
                return null;
            }

            var escape = body[i];
            switch (escape)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '\'' or '"':
                    if (escape != quote)
                    {
                        return null;
                    }

                    sb.Append(escape);
                    break;
                case 'x':
                    if (!AppendCode(sb, body, ref i, 2))
                    {
                        return null;
                    }

                    break;
                case 'u':
                    if (!AppendCode(sb, body, ref i, 4))
                    {
                        return null;
                    }

                    break;
                case 'U':
                    if (!AppendCode(sb, body, ref i, 8))
                    {
                        return null;
                    }

                    break;
                case >= '0' and <= '7':
                    if (i + 2 >= body.Length || !IsOctal(body[i + 1]) || !IsOctal(body[i + 2]))
                    {
                        return null;
                    }

                    var octal = ((escape - '0') * 64) + ((body[i + 1] - '0') * 8) + (body[i + 2] - '0');
                    if (octal > 255)
                    {
                        return null;
                    }

                    sb.Append((char)octal);
                    i += 2;
                    break;
                default:
                    return null;
            }
        }

        return sb.ToString();
    }

    private static bool AppendCode(StringBuilder sb, string body, ref int i, int length)
    {
        if (i + 1 + length > body.Length
            || !int.TryParse(body.AsSpan(i + 1, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || !System.Text.Rune.IsValid(code))
        {
            return false;
        }

        sb.Append(char.ConvertFromUtf32(code));
        i += length;
        return true;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
