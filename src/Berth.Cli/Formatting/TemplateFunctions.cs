using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// The functions a docker --format template can call: Go's text/template builtins plus docker's
/// templates.basicFunctions (json, split, join, title, lower, upper, pad, truncate).
/// </summary>
internal static class TemplateFunctions
{
    public static readonly IReadOnlyDictionary<string, FunctionSpec> Standard = new Dictionary<string, FunctionSpec>
    {
        ["and"] = new(1, -1, args => Logical(args, stopWhen: false)),
        ["or"] = new(1, -1, args => Logical(args, stopWhen: true)),
        ["not"] = new(1, 1, args => !GoValue.IsTrue(args[0])),
        ["len"] = new(1, 1, args => Length(args[0])),
        ["index"] = new(1, -1, Index),
        ["print"] = new(0, -1, args => GoPrintf.Sprint(args.All())),
        ["println"] = new(0, -1, args => GoPrintf.Sprintln(args.All())),
        ["printf"] = new(1, -1, args => GoPrintf.Sprintf(args.String(0), args.All().Skip(1).ToList())),
        ["eq"] = new(1, -1, args => Equal(args)),
        ["ne"] = new(2, 2, args => !GoCompare.Equal(args[0], args[1])),
        ["lt"] = new(2, 2, args => GoCompare.Less(args[0], args[1])),
        ["le"] = new(2, 2, args => GoCompare.Less(args[0], args[1]) || GoCompare.Equal(args[0], args[1])),
        ["gt"] = new(2, 2, args => !(GoCompare.Less(args[0], args[1]) || GoCompare.Equal(args[0], args[1]))),
        ["ge"] = new(2, 2, args => !GoCompare.Less(args[0], args[1])),
        ["json"] = new(1, 1, args => GoJson.Encode(args[0])),
        ["split"] = new(2, 2, args => Split(args.String(0), args.String(1))),
        ["join"] = new(2, 2, args => string.Join(args.String(1), StringList(args[0]))),
        ["title"] = new(1, 1, args => Title(args.String(0))),
        ["lower"] = new(1, 1, args => args.String(0).ToLowerInvariant()),
        ["upper"] = new(1, 1, args => args.String(0).ToUpperInvariant()),
        ["pad"] = new(3, 3, args => Pad(args.String(0), args.Int(1), args.Int(2))),
        ["truncate"] = new(2, 2, args => Truncate(args.String(0), args.Int(1))),
    };

    /// <summary>
    /// docker's templates.HeaderFunctions: while rendering a table header the string functions
    /// return the column title unchanged; pad and the builtins stay, to keep columns aligned.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, FunctionSpec> Header = HeaderFunctions();

    private static Dictionary<string, FunctionSpec> HeaderFunctions()
    {
        var functions = new Dictionary<string, FunctionSpec>(Standard);
        foreach (var name in new[] { "json", "title", "lower", "upper" })
        {
            functions[name] = new(1, 1, args => args.String(0));
        }

        foreach (var name in new[] { "split", "join" })
        {
            functions[name] = new(2, 2, args => args.String(0));
        }

        functions["truncate"] = new(2, 2, args =>
        {
            // The length is unused but still type-checked, as Go's (string, int) signature does.
            args.Int(1);
            return args.String(0);
        });
        return functions;
    }

    // Go 1.18+: "and" yields the first false argument or the last; "or" the first true one or the
    // last; later arguments are not evaluated.
    private static object? Logical(FunctionArgs args, bool stopWhen)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (GoValue.IsTrue(args[i]) == stopWhen)
            {
                return args[i];
            }
        }

        return args[args.Count - 1];
    }

    private static bool Equal(FunctionArgs args)
    {
        if (args.Count < 2)
        {
            throw new FunctionException("missing argument for comparison", true);
        }

        for (var i = 1; i < args.Count; i++)
        {
            if (GoCompare.Equal(args[0], args[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static long Length(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        string[] strings => strings.Length,
        JsonElement { ValueKind: JsonValueKind.Array } array => array.GetArrayLength(),
        JsonElement { ValueKind: JsonValueKind.Object } obj => obj.EnumerateObject().Count(),
        // docker's structs hold nil slices and maps where JSON says null; their length is 0.
        null => 0,
        _ => throw new FunctionException($"len of type {GoValue.TypeName(value)}", true),
    };

    private static object? Index(FunctionArgs args)
    {
        var item = args[0];
        for (var i = 1; i < args.Count; i++)
        {
            item = IndexOnce(item, args[i]);
        }

        return item;
    }

    private static object? IndexOnce(object? item, object? key)
    {
        if (item is GoValue.NoValue)
        {
            throw new FunctionException("index of untyped nil", true);
        }

        if (item is string s)
        {
            return (long)Encoding.UTF8.GetBytes(s)[Position(key, Encoding.UTF8.GetByteCount(s))];
        }

        if (GoValue.AsList(item) is { } list)
        {
            return list[Position(key, list.Count)];
        }

        if (item is JsonElement { ValueKind: JsonValueKind.Object } || item is null)
        {
            return MapLookup(item, key);
        }

        throw new FunctionException($"can't index item of type {GoValue.TypeName(item)}", true);
    }

    private static int Position(object? key, int length)
    {
        var position = key switch
        {
            long l => l,
            double d when d == Math.Floor(d) => (long)d,
            null or GoValue.NoValue => throw new FunctionException("cannot index slice/array with nil", true),
            _ => throw new FunctionException($"cannot index slice/array with type {GoValue.TypeName(key)}", true),
        };
        if (position < 0 || position >= length)
        {
            throw new FunctionException($"index out of range: {position}", true);
        }

        return (int)position;
    }

    private static object? MapLookup(object? map, object? key)
    {
        if (key is not string name)
        {
            if (map is null)
            {
                throw new FunctionException($"index out of range: {GoValue.Print(key)}", true);
            }

            throw new FunctionException($"value has type {GoValue.TypeName(key)}; should be string", true);
        }

        if (map is JsonElement obj && obj.TryGetProperty(name, out var value))
        {
            return GoValue.FromJson(value);
        }

        // A missing key yields the zero value of the map's element type. JSON does not carry that
        // type, so infer it: all-string maps (docker's labels, also when null) give "", others nil.
        var allStrings = map is not JsonElement element
            || element.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String);
        return allStrings ? "" : null;
    }

    private static IEnumerable<string> StringList(object? value)
    {
        if (value is null)
        {
            return [];
        }

        var list = GoValue.AsList(value);
        if (list is null || list.Any(item => item is not string))
        {
            throw FunctionArgs.TypeMismatch(value, "[]string");
        }

        return list.Cast<string>();
    }

    /// <summary>strings.Split: an empty separator splits after each character.</summary>
    private static string[] Split(string s, string separator)
    {
        if (separator.Length == 0)
        {
            return s.EnumerateRunes().Select(r => r.ToString()).ToArray();
        }

        return s.Split(separator);
    }

    /// <summary>strings.Title: upper-case the first letter of each word.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previous = new Rune(' ');
        foreach (var rune in s.EnumerateRunes())
        {
            sb.Append((IsSeparator(previous) ? Rune.ToUpperInvariant(rune) : rune).ToString());
            previous = rune;
        }

        return sb.ToString();
    }

    private static bool IsSeparator(Rune rune)
    {
        if (rune.IsAscii)
        {
            return !(Rune.IsLetterOrDigit(rune) || rune.Value == '_');
        }

        return !Rune.IsLetterOrDigit(rune) && Rune.IsWhiteSpace(rune);
    }

    private static string Pad(string source, long prefix, long suffix)
    {
        if (source.Length == 0)
        {
            return source;
        }

        if (prefix < 0 || suffix < 0)
        {
            throw new FunctionException("strings: negative Repeat count", true);
        }

        return new string(' ', (int)prefix) + source + new string(' ', (int)suffix);
    }

    /// <summary>
    /// docker truncates to a byte length; a multi-byte character that would be cut in half is
    /// dropped rather than emitting invalid UTF-8.
    /// </summary>
    private static string Truncate(string source, long length)
    {
        var bytes = Encoding.UTF8.GetByteCount(source);
        if (bytes < length)
        {
            return source;
        }

        if (length < 0)
        {
            throw new FunctionException($"runtime error: slice bounds out of range [:{length.ToString(CultureInfo.InvariantCulture)}]", true);
        }

        var sb = new StringBuilder();
        var used = 0;
        foreach (var rune in source.EnumerateRunes())
        {
            used += rune.Utf8SequenceLength;
            if (used > length)
            {
                break;
            }

            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }
}
