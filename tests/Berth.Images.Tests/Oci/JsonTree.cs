using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Images.Tests.Oci;

/// <summary>
/// Compares two JSON documents as trees: object key order and string escaping (Go writes <c>\u003c</c>
/// where Berth writes <c>&lt;</c>) do not matter, everything else does, and the first difference is
/// reported with its path.
/// </summary>
public static partial class JsonTree
{
    /// <summary>
    /// DateTimeOffset holds 100 ns ticks and Go holds nanoseconds, so a time Berth re-writes is the
    /// original rounded to the nearest tick: up to 50 ns away, and always in UTC ('Z').
    /// </summary>
    private const long TimeToleranceNanoseconds = 50;

    public static void AssertEquivalent(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        var expectedReader = new Utf8JsonReader(expected);
        var actualReader = new Utf8JsonReader(actual);
        using var expectedDocument = JsonDocument.ParseValue(ref expectedReader);
        using var actualDocument = JsonDocument.ParseValue(ref actualReader);
        Compare(expectedDocument.RootElement, actualDocument.RootElement, "$", property: null);
    }

    /// <summary>
    /// An RFC 3339 time as nanoseconds since 0001-01-01 UTC, parsed here by hand (not with DateTimeOffset,
    /// whose rounding is what is being checked).
    /// </summary>
    public static Int128 ParseNanoseconds(string value)
    {
        var match = Rfc3339().Match(value);
        Assert.True(match.Success, $"not an RFC 3339 time: {value}");
        var seconds = DateTime.ParseExact(match.Groups["seconds"].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Int128 nanoseconds = (Int128)seconds.Ticks * 100;
        var fraction = match.Groups["fraction"].Value;
        if (fraction.Length > 0) nanoseconds += long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        var zone = match.Groups["zone"].Value;
        if (zone != "Z")
        {
            var sign = zone[0] == '-' ? -1 : 1;
            var offset = TimeSpan.ParseExact(zone[1..], @"hh\:mm", CultureInfo.InvariantCulture);
            nanoseconds -= sign * (Int128)offset.Ticks * 100;
        }
        return nanoseconds;
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, string? property)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                Assert.True(expectedNames.SequenceEqual(actualNames), $"{path}: expected keys [{string.Join(", ", expectedNames)}], got [{string.Join(", ", actualNames)}]");
                foreach (var item in expected.EnumerateObject())
                {
                    Compare(item.Value, actual.GetProperty(item.Name), $"{path}.{item.Name}", item.Name);
                }
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                for (var i = 0; i < expected.GetArrayLength(); i++) Compare(expected[i], actual[i], $"{path}[{i}]", property: null);
                break;
            case JsonValueKind.String when property == "created":
                CompareTime(expected.GetString()!, actual.GetString()!, path);
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"");
                break;
            case JsonValueKind.Number:
                // Every number in these documents is an integer (sizes, schemaVersion, durations in ns).
                Assert.True(expected.GetInt64() == actual.GetInt64(), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
            default:
                // true, false and null carry no more than their kind.
                break;
        }
    }

    private static void CompareTime(string expected, string actual, string path)
    {
        Assert.True(actual.EndsWith('Z'), $"{path}: expected a UTC time ending in 'Z', got \"{actual}\"");
        var difference = ParseNanoseconds(actual) - ParseNanoseconds(expected);
        Assert.True(Int128.Abs(difference) <= TimeToleranceNanoseconds, $"{path}: expected {expected}, got {actual} ({difference} ns apart)");
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<zone>Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
