using System.CommandLine;
using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Volume;

/// <summary><c>berth volume ls</c>: docker's table (DRIVER, VOLUME NAME), sorted by name; -q prints names only.</summary>
internal static class VolumeListCommand
{
    private const string DefaultTable = "table {{.Driver}}\t{{.Name}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["Name"] = "VOLUME NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["Mountpoint"] = "MOUNTPOINT", ["Labels"] = "LABELS",
        ["Links"] = "LINKS", ["Size"] = "SIZE", ["Group"] = "GROUP", ["Availability"] = "AVAILABILITY", ["Status"] = "STATUS",
    };

    public static Command Create()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display volume names" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Provide filter values (e.g. \"dangling=true\")" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var command = new Command("ls", "List volumes") { quiet, filter, format };
        command.Aliases.Add("list");
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var list = await cli.Client.ListVolumesAsync(FilterArguments.ToJson(parse.GetValue(filter)), ct);
            var rows = new List<JsonElement>();
            foreach (var volume in list.Volumes.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                var labels = string.Join(',', (volume.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
                rows.Add(JsonRows.Row(
                    ("Availability", "N/A"), ("Driver", volume.Driver), ("Group", "N/A"), ("Labels", labels), ("Links", "N/A"),
                    ("Mountpoint", volume.Mountpoint), ("Name", volume.Name), ("Scope", volume.Scope), ("Size", "N/A"), ("Status", "N/A")));
            }
            foreach (var warning in list.Warnings ?? []) await cli.Error.WriteLineAsync(warning);
            var chosen = parse.GetValue(quiet) ? "{{.Name}}" : parse.GetValue(format);
            await cli.Out.WriteAsync(OutputFormat.Render(chosen, DefaultTable, Headers, rows));
            return 0;
        });
        return command;
    }
}
