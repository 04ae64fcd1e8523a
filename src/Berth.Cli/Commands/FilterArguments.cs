using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Berth.Cli.Commands;

/// <summary>Turns repeated <c>--filter key=value</c> flags into the API's JSON <c>{"key":["value",…]}</c>.</summary>
internal static class FilterArguments
{
    public static string? ToJson(IEnumerable<string>? flags, (string Key, string Value)? extra = null)
    {
        var filters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var flag in flags ?? [])
        {
            var eq = flag.IndexOf('=');
            if (eq <= 0) throw new CliUsageException($"bad format of filter (expected name=value)");
            Add(filters, flag[..eq].Trim().ToLowerInvariant(), flag[(eq + 1)..]);
        }
        if (extra is { } pair) Add(filters, pair.Key, pair.Value);
        if (filters.Count == 0) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, values) in filters)
            {
                writer.WriteStartArray(key);
                foreach (var value in values) writer.WriteStringValue(value);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Add(SortedDictionary<string, List<string>> filters, string key, string value)
    {
        if (!filters.TryGetValue(key, out var values)) filters[key] = values = [];
        values.Add(value);
    }
}
