using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// The values a template computes with, viewed as Go would see JSON decoded into interface{}:
/// <c>null</c> (nil), <see cref="string"/>, <see cref="long"/> (JSON integers, which docker's
/// structs hold as ints), <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>[]
/// (what <c>split</c> returns), <see cref="JsonElement"/> arrays and objects, and
/// <see cref="NoValue"/> for a missing map key.
/// </summary>
internal static class GoValue
{
    /// <summary>Go's invalid reflect.Value: what a lookup of a missing map key yields.</summary>
    public sealed class NoValue
    {
        public static readonly NoValue Instance = new();

        private NoValue()
        {
        }
    }

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) && IsIntegerLiteral(element) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Undefined => NoValue.Instance,
        _ => element,
    };

    public static bool IsIntegerLiteral(JsonElement number) =>
        !number.GetRawText().AsSpan().ContainsAny(".eE");

    /// <summary>Elements of a slice-like value, or null when the value is not a list.</summary>
    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        string[] strings => strings,
        JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(FromJson).ToList(),
        _ => null,
    };

    /// <summary>Members of a map-like value sorted by key as Go's fmt and range do, or null.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>>? AsSortedMap(object? value)
    {
        if (value is not JsonElement { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        var members = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            // Duplicate keys: the last one wins, as when Go decodes into a map.
            members[property.Name] = FromJson(property.Value);
        }

        return members.OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Go's template truth: false, 0, nil, and empty strings, slices and maps are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or NoValue => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        string[] strings => strings.Length > 0,
        JsonElement { ValueKind: JsonValueKind.Array } array => array.GetArrayLength() > 0,
        JsonElement { ValueKind: JsonValueKind.Object } obj => obj.EnumerateObject().Any(),
        _ => true,
    };

    /// <summary>The Go type name used in error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null or NoValue => "<nil>",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        string[] => "[]string",
        JsonElement { ValueKind: JsonValueKind.Array } => "[]interface {}",
        _ => "map[string]interface {}",
    };

    /// <summary>Go's fmt <c>%v</c>.</summary>
    public static string Print(object? value)
    {
        var sb = new StringBuilder();
        Print(sb, value);
        return sb.ToString();
    }

    public static void Print(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case NoValue:
                sb.Append("<no value>");
                break;
            case null:
                sb.Append("<nil>");
                break;
            case string s:
                sb.Append(s);
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(GoFloat.Format(d, 'g', -1));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            default:
                if (AsList(value) is { } list)
                {
                    sb.Append('[');
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(' ');
                        }

                        Print(sb, list[i]);
                    }

                    sb.Append(']');
                }
                else if (AsSortedMap(value) is { } map)
                {
                    sb.Append("map[");
                    for (var i = 0; i < map.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(' ');
                        }

                        sb.Append(map[i].Key).Append(':');
                        Print(sb, map[i].Value);
                    }

                    sb.Append(']');
                }

                break;
        }
    }
}
