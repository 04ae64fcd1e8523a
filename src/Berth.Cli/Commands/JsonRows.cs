using System.Buffers;
using System.Text.Json;

namespace Berth.Cli.Commands;

/// <summary>
/// Builds the rows that list commands format: objects of string fields, keys sorted as Go marshals a
/// map, so <c>{{json .}}</c> prints what docker prints.
/// </summary>
internal static class JsonRows
{
    public static JsonElement Row(params (string Key, string Value)[] fields) => Many([fields])[0];

    /// <summary>
    /// Many rows written and parsed as one document: a list of a thousand containers costs one parse, not a
    /// thousand writers and documents (most of <c>ps -a</c>'s time, and its memory, went there).
    /// </summary>
    public static IReadOnlyList<JsonElement> Many(IEnumerable<(string Key, string Value)[]> rows)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var fields in rows)
            {
                writer.WriteStartObject();
                foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        // Not disposed: the elements live as long as the command's output, and the pooled buffers go with the process.
        var document = JsonDocument.Parse(buffer.WrittenMemory);
        return [.. document.RootElement.EnumerateArray()];
    }
}
