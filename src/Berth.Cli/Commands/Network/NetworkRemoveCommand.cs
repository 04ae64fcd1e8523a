using System.CommandLine;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network rm</c>: each network in turn, its name echoed; failures reported and the rest still removed.</summary>
internal static class NetworkRemoveCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not error if the network does not exist" };
        var networks = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("rm", "Remove one or more networks") { force, networks };
        command.Aliases.Add("remove");
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var exit = 0;
            foreach (var network in parse.GetValue(networks)!)
            {
                try
                {
                    await cli.Client.RemoveNetworkAsync(network, ct);
                    await cli.Out.WriteLineAsync(network);
                }
                catch (ApiException e) when (parse.GetValue(force) && e.Status == System.Net.HttpStatusCode.NotFound)
                {
                    // --force: a network that does not exist is not an error.
                }
                catch (ApiException e)
                {
                    await cli.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
                    exit = 1;
                }
            }
            return exit;
        });
        return command;
    }
}
