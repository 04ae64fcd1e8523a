using System.CommandLine;
using Berth.Api.Models;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network create</c>: prints the new network's id.</summary>
internal static class NetworkCreateCommand
{
    public static Command Create()
    {
        var driver = new Option<string>("--driver", "-d") { Description = "Driver to manage the Network", DefaultValueFactory = _ => "bridge" };
        var subnet = new Option<string[]>("--subnet") { Description = "Subnet in CIDR format that represents a network segment" };
        var gateway = new Option<string[]>("--gateway") { Description = "IPv4 or IPv6 Gateway for the master subnet" };
        var ipRange = new Option<string[]>("--ip-range") { Description = "Allocate container ip from a sub-range" };
        var isInternal = new Option<bool>("--internal") { Description = "Restrict external access to the network" };
        var label = new Option<string[]>("--label") { Description = "Set metadata on a network" };
        var opt = new Option<string[]>("--opt", "-o") { Description = "Set driver specific options" };
        var attachable = new Option<bool>("--attachable") { Description = "Enable manual container attachment" };
        var ipv6 = new Option<bool>("--ipv6") { Description = "Enable or disable IPv6 networking" };
        var name = new Argument<string>("NETWORK");
        var command = new Command("create", "Create a network") { driver, subnet, gateway, ipRange, isInternal, label, opt, attachable, ipv6, name };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var subnets = parse.GetValue(subnet) ?? [];
            var gateways = parse.GetValue(gateway) ?? [];
            var ranges = parse.GetValue(ipRange) ?? [];
            if (gateways.Length > subnets.Length || ranges.Length > subnets.Length)
                throw new CliUsageException("every ip-range or gateway must have a corresponding subnet");
            var pools = subnets.Select((s, i) => new NetworkIpamConfig
            {
                Subnet = s,
                Gateway = i < gateways.Length ? gateways[i] : null,
                IPRange = i < ranges.Length ? ranges[i] : null,
            }).ToList();
            var response = await cli.Client.CreateNetworkAsync(new NetworkCreateRequest
            {
                Name = parse.GetValue(name)!,
                Driver = parse.GetValue(driver)!,
                Internal = parse.GetValue(isInternal),
                Attachable = parse.GetValue(attachable),
                EnableIPv6 = parse.GetResult(ipv6) is null ? null : parse.GetValue(ipv6),
                IPAM = new NetworkIpam { Driver = "default", Config = pools, Options = [] },
                Options = Labels.ToMap(parse.GetValue(opt) ?? []),
                Labels = Labels.ToMap(parse.GetValue(label) ?? []),
            }, ct);
            await cli.Out.WriteLineAsync(response.Id);
            return 0;
        });
        return command;
    }
}
