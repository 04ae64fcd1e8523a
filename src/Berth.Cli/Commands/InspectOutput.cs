using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands;

/// <summary>
/// How every inspect prints what it found: an indented JSON array (docker's 4-space indent, no HTML escaping) or,
/// with --format, the template once per object; then the errors for what was not found, exit 1 if any.
/// </summary>
internal static class InspectOutput
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true, IndentSize = 4, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> WriteAsync(CliContext cli, string? template, IReadOnlyList<JsonElement> found, IReadOnlyList<string> errors)
    {
        if (string.IsNullOrEmpty(template) || template == "json")
        {
            await cli.Out.WriteLineAsync(Serialize(found));
        }
        else
        {
            var parsed = GoTemplate.Parse(GoTemplate.PreprocessEscapes(template));
            foreach (var element in found) await cli.Out.WriteLineAsync(parsed.Execute(element));
        }
        foreach (var message in errors) await cli.Error.WriteLineAsync(message);
        return errors.Count == 0 ? 0 : 1;
    }

    private static string Serialize(IReadOnlyList<JsonElement> elements)
    {
        if (elements.Count == 0) return "[]";
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            writer.WriteStartArray();
            foreach (var element in elements) element.WriteTo(writer);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
