using System.Buffers;
using System.Text.Json;

namespace Berth.Cli.Commands;

/// <summary>
/// Builds the rows that list commands format: objects of string fields, keys sorted as Go marshals a
/// map, so <c>{{json .}}</c> prints what docker prints.
/// </summary>
internal static class JsonRows
{
    public static JsonElement Row(params (string Key, string Value)[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) writer.WriteString(key, value);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
