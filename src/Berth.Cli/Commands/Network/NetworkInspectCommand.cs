using System.CommandLine;
using System.Text.Json;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network inspect</c>: each network's document, or the format applied to each.</summary>
internal static class NetworkInspectCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Verbose output for diagnostics" };
        var networks = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Display detailed information on one or more networks") { format, verbose, networks };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var found = new List<JsonElement>();
            var failed = new List<string>();
            foreach (var network in parse.GetValue(networks)!)
            {
                try
                {
                    found.Add(await cli.Client.InspectNetworkAsync(network, ct));
                }
                catch (ApiException e)
                {
                    failed.Add($"Error response from daemon: {e.Message}");
                }
            }
            return await InspectOutput.WriteAsync(cli, parse.GetValue(format), found, failed);
        });
        return command;
    }
}
