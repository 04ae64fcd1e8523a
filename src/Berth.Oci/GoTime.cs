using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>
/// Times as Go writes them (RFC 3339 with nanoseconds, trailing zeros dropped, UTC as <c>Z</c>), which is
/// what Docker and every registry tool write in image configs.
/// </summary>
public sealed class GoTime : JsonConverter<DateTimeOffset>
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new JsonException($"invalid time \"{reader.GetString()}\"");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));
}
