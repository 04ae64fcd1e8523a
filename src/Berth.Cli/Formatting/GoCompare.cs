using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// The eq/lt family over template values, with Go's rules: basic kinds only, mismatched kinds
/// are an error, nil equals only nil. Integers and floats compare by value because JSON does not
/// preserve which one docker's struct field was.
/// </summary>
internal static class GoCompare
{
    public static bool Equal(object? a, object? b)
    {
        a = Normalize(a);
        b = Normalize(b);
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return (a, b) switch
        {
            (long x, long y) => x == y,
            (long or double, long or double) => ToDouble(a) == ToDouble(b),
            (string x, string y) => x == y,
            (bool x, bool y) => x == y,
            _ when IsCollection(a) || IsCollection(b) =>
                throw new FunctionException($"non-comparable type {GoValue.Print(a)}: {GoValue.TypeName(a)}", true),
            _ => throw new FunctionException("incompatible types for comparison", true),
        };
    }

    public static bool Less(object? a, object? b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return (a, b) switch
        {
            (long x, long y) => x < y,
            (long or double, long or double) => ToDouble(a) < ToDouble(b),
            (string x, string y) => string.CompareOrdinal(x, y) < 0,
            (long or double or string, long or double or string) =>
                throw new FunctionException("incompatible types for comparison", true),
            _ => throw new FunctionException("invalid type for comparison", true),
        };
    }

    private static object? Normalize(object? value) => value is GoValue.NoValue ? null : value;

    private static double ToDouble(object value) => value is long l ? l : (double)value;

    private static bool IsCollection(object value) => value is string[] || value is JsonElement;
}
