using System.Globalization;
using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>
/// Go's fmt.Sprint, Sprintln and Sprintf over template values. printf covers the verbs format
/// strings in practice use (v s q d t f e g x X o b c %) with flags, width and precision, and
/// reports misuse the way fmt does (<c>%!d(string=x)</c>, <c>%!v(MISSING)</c>, <c>%!(EXTRA …)</c>).
/// Because JSON does not keep Go's int/float distinction, integral values are accepted by both
/// integer and float verbs.
/// </summary>
internal static class GoPrintf
{
    /// <summary>fmt.Sprint: a space between operands when neither is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string)
            {
                sb.Append(' ');
            }

            GoValue.Print(sb, Unwrap(args[i]));
        }

        return sb.ToString();
    }

    /// <summary>fmt.Sprintln: operands always separated by spaces, then a newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args) =>
        string.Join(' ', args.Select(a => GoValue.Print(Unwrap(a)))) + "\n";

    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            var spec = new Spec();
            while (i < format.Length && format[i] is '-' or '+' or '#' or ' ' or '0')
            {
                spec.SetFlag(format[i++]);
            }

            spec.Width = ReadNumber(format, ref i);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = ReadNumber(format, ref i) ?? 0;
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i++];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (argIndex >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            FormatArg(sb, verb, spec, Unwrap(args[argIndex++]));
        }

        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            sb.AppendJoin(", ", args.Skip(argIndex).Select(a => Describe(Unwrap(a))));
            sb.Append(')');
        }

        return sb.ToString();
    }

    private static object? Unwrap(object? value) => value is GoValue.NoValue ? null : value;

    private static int? ReadNumber(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static void FormatArg(StringBuilder sb, char verb, Spec spec, object? value)
    {
        if (GoValue.AsList(value) is { } list && verb != 'v')
        {
            sb.Append('[');
            for (var i = 0; i < list.Count; i++)
            {
                sb.Append(i > 0 ? " " : "");
                FormatArg(sb, verb, spec, list[i]);
            }

            sb.Append(']');
            return;
        }

        if (GoValue.AsSortedMap(value) is { } map && verb != 'v')
        {
            sb.Append("map[");
            for (var i = 0; i < map.Count; i++)
            {
                sb.Append(i > 0 ? " " : "");
                FormatArg(sb, verb, spec, map[i].Key);
                sb.Append(':');
                FormatArg(sb, verb, spec, map[i].Value);
            }

            sb.Append(']');
            return;
        }

        var text = FormatScalar(verb, spec, value);
        if (text is null)
        {
            sb.Append("%!").Append(verb).Append('(').Append(Describe(value)).Append(')');
            return;
        }

        Pad(sb, text, spec, IsNumeric(value) && verb is not ('v' or 's' or 'q' or 'c'));
    }

    private static string? FormatScalar(char verb, Spec spec, object? value)
    {
        switch (verb)
        {
            case 'v':
                return value switch
                {
                    long l => SignedInteger(l, spec, 10, false),
                    double d => Float(d, 'g', spec),
                    string s => spec.Precision is { } p ? TruncateRunes(s, p) : s,
                    _ => GoValue.Print(value),
                };
            case 's':
                return value is string s2 ? (spec.Precision is { } p2 ? TruncateRunes(s2, p2) : s2) : null;
            case 'q':
                return value switch
                {
                    string s => GoQuote.String(s),
                    long l when IsRune(l) => "'" + GoQuote.String(char.ConvertFromUtf32((int)l))[1..^1] + "'",
                    _ => null,
                };
            case 't':
                return value is bool b ? (b ? "true" : "false") : null;
            case 'c':
                return value is long c && IsRune(c) ? char.ConvertFromUtf32((int)c) : null;
            case 'd' or 'x' or 'X' or 'o' or 'b':
                if (value is string hex && verb is 'x' or 'X')
                {
                    var bytes = Convert.ToHexString(Encoding.UTF8.GetBytes(hex));
                    return verb == 'x' ? bytes.ToLowerInvariant() : bytes;
                }

                return AsInteger(value) is { } integer
                    ? SignedInteger(integer, spec, verb switch { 'd' => 10, 'o' => 8, 'b' => 2, _ => 16 }, verb == 'X')
                    : null;
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                return value switch
                {
                    double d => Float(d, verb == 'F' ? 'f' : verb, spec),
                    long l => Float(l, verb == 'F' ? 'f' : verb, spec),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static long? AsInteger(object? value) => value switch
    {
        long l => l,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
        _ => null,
    };

    private static string SignedInteger(long value, Spec spec, int radix, bool upper)
    {
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var digits = radix switch
        {
            10 => magnitude.ToString(CultureInfo.InvariantCulture),
            16 => magnitude.ToString(upper ? "X" : "x", CultureInfo.InvariantCulture),
            _ => Convert.ToString((long)magnitude, radix),
        };
        if (spec.Precision is { } precision && digits.Length < precision)
        {
            digits = new string('0', precision - digits.Length) + digits;
        }

        if (spec.Sharp)
        {
            digits = radix switch { 16 => (upper ? "0X" : "0x") + digits, 8 => "0" + digits, 2 => "0b" + digits, _ => digits };
        }

        return Sign(value < 0, spec) + digits;
    }

    private static string Float(double value, char verb, Spec spec)
    {
        var precision = spec.Precision ?? (char.ToLowerInvariant(verb) == 'g' ? -1 : 6);
        var text = GoFloat.Format(value, verb, precision);
        return text.StartsWith('-') || text.StartsWith('+') ? text : Sign(false, spec) + text;
    }

    private static string Sign(bool negative, Spec spec) => negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";

    private static string TruncateRunes(string s, int count)
    {
        var sb = new StringBuilder();
        foreach (var rune in s.EnumerateRunes().Take(count))
        {
            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }

    private static bool IsRune(long value) => value is >= 0 and <= 0x10FFFF && Rune.IsValid((int)value);

    private static bool IsNumeric(object? value) => value is long or double;

    private static void Pad(StringBuilder sb, string text, Spec spec, bool numeric)
    {
        var width = spec.Width ?? 0;
        var length = text.EnumerateRunes().Count();
        if (length >= width)
        {
            sb.Append(text);
        }
        else if (spec.Minus)
        {
            sb.Append(text).Append(' ', width - length);
        }
        else if (spec.Zero && numeric)
        {
            // Zero padding goes between the sign and the digits.
            var signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
            sb.Append(text, 0, signLength).Append('0', width - length).Append(text, signLength, text.Length - signLength);
        }
        else
        {
            sb.Append(spec.Zero ? '0' : ' ', width - length).Append(text);
        }
    }

    private static string Describe(object? value) =>
        value is null ? "<nil>" : GoValue.TypeName(value) + "=" + GoValue.Print(value);

    private sealed class Spec
    {
        public bool Minus { get; private set; }

        public bool Plus { get; private set; }

        public bool Sharp { get; private set; }

        public bool Space { get; private set; }

        public bool Zero { get; private set; }

        public int? Width { get; set; }

        public int? Precision { get; set; }

        public void SetFlag(char flag)
        {
            switch (flag)
            {
                case '-': Minus = true; break;
                case '+': Plus = true; break;
                case '#': Sharp = true; break;
                case ' ': Space = true; break;
                default: Zero = true; break;
            }
        }
    }
}
