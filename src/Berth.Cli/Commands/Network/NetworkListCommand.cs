using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network ls</c>: docker's columns, sorted by name.</summary>
internal static class NetworkListCommand
{
    private const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "NETWORK ID", ["Name"] = "NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["IPv4"] = "IPV4", ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL", ["Labels"] = "LABELS", ["CreatedAt"] = "CREATED AT",
    };

    public static Command Create()
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Provide filter values (e.g. \"driver=bridge\")" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate the output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display network IDs" };
        var command = new Command("ls", "List networks") { filter, format, noTrunc, quiet };
        command.Aliases.Add("list");
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var networks = await cli.Client.ListNetworksAsync(FilterArguments.ToJson(parse.GetValue(filter)), ct);
            var trunc = !parse.GetValue(noTrunc);
            var rows = new List<JsonElement>();
            foreach (var network in networks.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                rows.Add(JsonRows.Row(
                    ("CreatedAt", DateTimeOffset.TryParse(network.Created, CultureInfo.InvariantCulture, DateTimeStyles.None, out var created) ? GoFormat.Time(created) : network.Created),
                    ("Driver", network.Driver),
                    ("ID", trunc ? network.Id[..Math.Min(12, network.Id.Length)] : network.Id),
                    ("IPv4", network.EnableIPv4 ? "true" : "false"),
                    ("IPv6", network.EnableIPv6 ? "true" : "false"),
                    ("Internal", network.Internal ? "true" : "false"),
                    ("Labels", string.Join(',', network.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
                    ("Name", network.Name),
                    ("Scope", network.Scope)));
            }
            var chosen = parse.GetValue(quiet) ? "{{.ID}}" : parse.GetValue(format);
            await cli.Out.WriteAsync(OutputFormat.Render(chosen, DefaultTable, Headers, rows));
            return 0;
        });
        return command;
    }
}
