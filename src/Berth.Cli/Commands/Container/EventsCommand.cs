using System.CommandLine;
using System.Text;
using System.Text.Json;
using Berth.Api;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth events</c>: the daemon's event stream, one line per event, until --until passes or Ctrl-C.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'json', or a Go template" };
        var since = new Option<string?>("--since") { Description = "Show all events created since timestamp" };
        var until = new Option<string?>("--until") { Description = "Stream events until this timestamp" };
        var command = new Command("events", "Get real time events from the server") { filter, format, since, until };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var template = parse.GetValue(format) is { Length: > 0 } text
                ? GoTemplate.Parse(GoTemplate.PreprocessEscapes(text == "json" ? "{{json .}}" : text))
                : null;
            var events = cli.Client.EventsAsync(
                parse.GetValue(since) is { Length: > 0 } s ? LogTimestamp.Parse(s, now) : null,
                parse.GetValue(until) is { Length: > 0 } u ? LogTimestamp.Parse(u, now) : null,
                FilterArguments.ToJson(parse.GetValue(filter)), ct);
            await foreach (var message in events)
            {
                if (template is null)
                {
                    await cli.Out.WriteLineAsync(EventLine.Format(message, TimeZoneInfo.Local));
                    continue;
                }
                var line = new StringBuilder();
                template.Execute(JsonSerializer.SerializeToElement(message, ApiJsonContext.Default.EventMessage), line);
                await cli.Out.WriteLineAsync(line.ToString());
            }
            return 0;
        });
        return command;
    }
}
