using System.Globalization;
using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>Go's strconv.Quote and fmt's <c>%#U</c>, used in error messages and by printf's <c>%q</c>.</summary>
internal static class GoQuote
{
    public static string String(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            AppendEscaped(sb, rune, '"');
        }

        return sb.Append('"').ToString();
    }

    /// <summary>fmt's <c>%#U</c>: <c>U+0023 '#'</c>, or just <c>U+0007</c> when not printable.</summary>
    public static string Rune(char c)
    {
        var code = $"U+{(int)c:X4}";
        return IsPrint(new Rune(c)) ? $"{code} '{c}'" : code;
    }

    private static void AppendEscaped(StringBuilder sb, Rune rune, char quote)
    {
        var value = rune.Value;
        if (value == quote || value == '\\')
        {
            sb.Append('\\').Append((char)value);
            return;
        }

        if (IsPrint(rune))
        {
            sb.Append(rune.ToString());
            return;
        }

        switch (value)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (value < ' ' || value == 0x7f)
        {
            sb.Append("\\x").Append(value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (value < 0x10000)
        {
            sb.Append("\\u").Append(value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return System.Text.Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
