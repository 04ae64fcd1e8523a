using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// The template <c>json</c> function: compact JSON byte-for-byte as docker's (a json.Encoder with
/// SetEscapeHTML(false), so &lt;, &gt; and &amp; stay literal). Object members keep their order,
/// matching a Go struct; producers of docker list rows should emit members sorted, as docker
/// marshals those rows from a map.
/// </summary>
internal static class GoJson
{
    public static string Encode(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null or GoValue.NoValue:
                sb.Append("null");
                break;
            case string s:
                WriteString(sb, s);
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(GoFloat.Json(d));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case string[] strings:
                sb.Append('[');
                for (var i = 0; i < strings.Length; i++)
                {
                    sb.Append(i > 0 ? "," : "");
                    WriteString(sb, strings[i]);
                }

                sb.Append(']');
                break;
            case JsonElement element:
                WriteElement(sb, element);
                break;
        }
    }

    private static void WriteElement(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    sb.Append(first ? "" : ",");
                    first = false;
                    WriteString(sb, property.Name);
                    sb.Append(':');
                    WriteElement(sb, property.Value);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    sb.Append(index++ > 0 ? "," : "");
                    WriteElement(sb, item);
                }

                sb.Append(']');
                break;
            case JsonValueKind.Number:
                sb.Append(GoValue.IsIntegerLiteral(element) ? element.GetRawText() : GoFloat.Json(element.GetDouble()));
                break;
            default:
                Write(sb, GoValue.FromJson(element));
                break;
        }
    }

    /// <summary>Go's encodeState.string with HTML escaping off.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                // Go escapes the JavaScript line terminators even with HTML escaping off.
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                case < ' ':
                    sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])))
                    {
                        // An unpaired surrogate is invalid UTF-8 in Go, which it replaces with U+FFFD.
                        sb.Append("\\ufffd");
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
