using System.Globalization;
using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>
/// Go's strconv.FormatFloat for the 'e', 'f' and 'g' formats, plus encoding/json's float
/// rendering. Go rounds the exact binary value half-to-even and has its own exponent and
/// %g-switching rules, which .NET's format strings do not reproduce, so digits are produced
/// here from the exact decimal expansion.
/// </summary>
internal static class GoFloat
{
    /// <summary>Go's strconv.FormatFloat(v, fmt, prec, 64); prec -1 means shortest round-trip.</summary>
    public static string Format(double v, char fmt, int prec)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        var sb = new StringBuilder();
        if (double.IsNegative(v))
        {
            sb.Append('-');
        }

        var abs = Math.Abs(v);
        var shortest = prec < 0;
        var lower = char.ToLowerInvariant(fmt);
        var expChar = fmt is 'E' or 'G' ? 'E' : 'e';
        Digits digits;
        if (shortest)
        {
            digits = Shortest(abs);
            prec = lower switch
            {
                'e' => digits.Count - 1,
                'f' => Math.Max(digits.Count - digits.Point, 0),
                _ => digits.Count,
            };
        }
        else
        {
            digits = Exact(abs);
            switch (lower)
            {
                case 'e':
                    digits = digits.Round(prec + 1);
                    break;
                case 'f':
                    digits = digits.Round(digits.Point + prec);
                    break;
                default:
                    if (prec == 0)
                    {
                        prec = 1;
                    }

                    digits = digits.Round(prec);
                    break;
            }
        }

        switch (lower)
        {
            case 'e':
                AppendE(sb, digits, prec, expChar);
                break;
            case 'f':
                AppendF(sb, digits, prec);
                break;
            default:
                AppendG(sb, digits, prec, shortest, expChar);
                break;
        }

        return sb.ToString();
    }

    /// <summary>How encoding/json writes a float64: plain unless tiny or huge, and "e-7" not "e-07".</summary>
    public static string Json(double v)
    {
        var abs = Math.Abs(v);
        var exponent = abs != 0 && (abs < 1e-6 || abs >= 1e21);
        var s = Format(v, exponent ? 'e' : 'f', -1);
        var n = s.Length;
        if (exponent && n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0')
        {
            s = s[..(n - 2)] + s[n - 1];
        }

        return s;
    }

    private static void AppendG(StringBuilder sb, Digits digits, int prec, bool shortest, char expChar)
    {
        var eprec = prec;
        if (eprec > digits.Count && digits.Count >= digits.Point)
        {
            eprec = digits.Count;
        }

        // Go switches to %e based on precision 6 when asked for the shortest form.
        if (shortest)
        {
            eprec = 6;
        }

        var exp = digits.Point - 1;
        if (exp < -4 || exp >= eprec)
        {
            AppendE(sb, digits, Math.Min(prec, digits.Count) - 1, expChar);
            return;
        }

        if (prec > digits.Point)
        {
            prec = digits.Count;
        }

        AppendF(sb, digits, Math.Max(prec - digits.Point, 0));
    }

    private static void AppendE(StringBuilder sb, Digits digits, int prec, char expChar)
    {
        var d = digits.Text;
        sb.Append(d.Length == 0 ? '0' : d[0]);
        if (prec > 0)
        {
            sb.Append('.');
            var available = Math.Min(d.Length, prec + 1);
            if (available > 1)
            {
                sb.Append(d, 1, available - 1);
            }

            sb.Append('0', prec + 1 - Math.Max(available, 1));
        }

        sb.Append(expChar);
        var exp = d.Length == 0 ? 0 : digits.Point - 1;
        sb.Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        sb.Append(exp < 10 ? "0" + exp.ToString(CultureInfo.InvariantCulture) : exp.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendF(StringBuilder sb, Digits digits, int prec)
    {
        var d = digits.Text;
        if (digits.Point > 0)
        {
            var m = Math.Min(d.Length, digits.Point);
            sb.Append(d, 0, m).Append('0', digits.Point - m);
        }
        else
        {
            sb.Append('0');
        }

        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++)
            {
                var j = digits.Point + i - 1;
                sb.Append(j >= 0 && j < d.Length ? d[j] : '0');
            }
        }
    }

    private static Digits Shortest(double abs)
    {
        // .NET's round-trip format yields the same shortest digits as Go's Ryu-based algorithm.
        var s = abs.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var exp = e < 0 ? 0 : int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? s : s[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intLength = dot < 0 ? mantissa.Length : dot;
        return Digits.Create(mantissa.Replace(".", "", StringComparison.Ordinal), intLength + exp);
    }

    private static Digits Exact(double abs)
    {
        // Whole numbers (sizes, counts) are exact as integers: no 767-digit expansion for every row of a listing.
        if (abs < 9007199254740992 && Math.Floor(abs) == abs)
        {
            var whole = ((long)abs).ToString(CultureInfo.InvariantCulture);
            return Digits.Create(whole, whole.Length);
        }
        // 767 digits hold the exact decimal expansion of every double.
        var s = abs.ToString("E767", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return Digits.Create(s[..e].Replace(".", "", StringComparison.Ordinal), exp + 1);
    }

    /// <summary>The value 0.Text × 10^Point, with no leading or trailing zeros in Text.</summary>
    private readonly record struct Digits(string Text, int Point)
    {
        public int Count => Text.Length;

        public static Digits Create(string raw, int point)
        {
            var start = 0;
            while (start < raw.Length && raw[start] == '0')
            {
                start++;
            }

            var end = raw.Length;
            while (end > start && raw[end - 1] == '0')
            {
                end--;
            }

            return end == start ? new Digits("", 0) : new Digits(raw[start..end], point - start);
        }

        /// <summary>Round to <paramref name="nd"/> digits, ties to even, as Go's decimal.Round.</summary>
        public Digits Round(int nd)
        {
            if (nd < 0 || nd >= Count)
            {
                return this;
            }

            var halfway = Text[nd] == '5' && nd + 1 == Count;
            var up = halfway ? nd > 0 && (Text[nd - 1] - '0') % 2 == 1 : Text[nd] >= '5';
            if (!up)
            {
                return Create(Text[..nd], Point);
            }

            var i = nd - 1;
            while (i >= 0 && Text[i] == '9')
            {
                i--;
            }

            return i < 0
                ? new Digits("1", Point + 1)
                : Create(Text[..i] + (char)(Text[i] + 1), Point);
        }
    }
}
