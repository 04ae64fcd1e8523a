using System.CommandLine;
using System.Text.Json;
using Berth.Api.Client;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth image inspect</c> (and <c>berth inspect</c>, which knows only images so far).</summary>
internal static class InspectCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 4, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(string name)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, "Display detailed information on one or more images") { format, images };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var found = new List<JsonElement>();
            var failed = new List<string>();
            foreach (var image in parse.GetValue(images)!)
            {
                try
                {
                    found.Add(await cli.Client.InspectImageAsync(image, ct));
                }
                catch (ApiException e)
                {
                    failed.Add(e.Message);
                }
            }
            var template = parse.GetValue(format);
            if (string.IsNullOrEmpty(template) || template == "json")
            {
                await cli.Out.WriteLineAsync(Serialize(found));
            }
            else
            {
                var parsed = GoTemplate.Parse(GoTemplate.PreprocessEscapes(template));
                foreach (var element in found) await cli.Out.WriteLineAsync(parsed.Execute(element));
            }
            foreach (var message in failed) await cli.Error.WriteLineAsync($"Error response from daemon: {message}");
            return failed.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static string Serialize(List<JsonElement> elements)
    {
        if (elements.Count == 0) return "[]";
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 4, Encoder = Indented.Encoder }))
        {
            writer.WriteStartArray();
            foreach (var element in elements) element.WriteTo(writer);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
