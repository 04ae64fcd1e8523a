using System.CommandLine;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network connect</c> (<c>--alias --ip</c>) and <c>berth network disconnect</c> (<c>--force</c>).</summary>
internal static class NetworkConnectCommand
{
    public static Command Create(bool connect)
    {
        var alias = new Option<string[]>("--alias") { Description = "Add network-scoped alias for the container" };
        var ip = new Option<string?>("--ip") { Description = "IPv4 address (e.g., \"172.30.100.104\")" };
        var force = new Option<bool>("--force", "-f") { Description = "Force the container to disconnect from a network" };
        var network = new Argument<string>("NETWORK");
        var container = new Argument<string>("CONTAINER");
        var command = connect
            ? new Command("connect", "Connect a container to a network") { alias, ip, network, container }
            : new Command("disconnect", "Disconnect a container from a network") { force, network, container };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var request = new NetworkConnectRequest
            {
                Container = parse.GetValue(container)!,
                EndpointConfig = connect
                    ? new EndpointSettings
                    {
                        Aliases = parse.GetValue(alias) is { Length: > 0 } aliases ? aliases : null,
                        IPAMConfig = parse.GetValue(ip) is { Length: > 0 } address ? new EndpointIpamConfig { IPv4Address = address } : null,
                    }
                    : null,
                Force = !connect && parse.GetValue(force),
            };
            if (connect) await cli.Client.ConnectNetworkAsync(parse.GetValue(network)!, request, ct);
            else await cli.Client.DisconnectNetworkAsync(parse.GetValue(network)!, request, ct);
            return 0;
        });
        return command;
    }
}
