using System.CommandLine;
using Berth.Api.Models;
using Berth.Oci;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Container;

/// <summary>The values of <see cref="ContainerNetworkFlags"/>, as given.</summary>
internal sealed record ContainerNetworkFlagValues
{
    public IReadOnlyList<string> Publish { get; init; } = [];
    public bool PublishAll { get; init; }
    public IReadOnlyList<string> Expose { get; init; } = [];
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Ip { get; init; }
    public string? MacAddress { get; init; }
    public IReadOnlyList<string> AddHosts { get; init; } = [];
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    public IReadOnlyList<string> DnsOptions { get; init; } = [];
}

/// <summary>
/// run/create's networking flags with docker's names and help, and how they shape the create request: published
/// and exposed ports, the endpoint settings of the container's network (alias, IP, MAC) and the resolver files.
/// </summary>
internal sealed class ContainerNetworkFlags
{
    public Option<string[]> Publish { get; } = new("--publish", "-p") { Description = "Publish a container's port(s) to the host" };
    public Option<bool> PublishAll { get; } = new("--publish-all", "-P") { Description = "Publish all exposed ports to random ports" };
    public Option<string[]> Expose { get; } = new("--expose") { Description = "Expose a port or a range of ports" };
    public Option<string[]> Alias { get; } = new("--network-alias") { Description = "Add network-scoped alias for the container" };
    public Option<string?> Ip { get; } = new("--ip") { Description = "IPv4 address (e.g., 172.30.100.104)" };
    public Option<string?> MacAddress { get; } = new("--mac-address") { Description = "Container MAC address (e.g., 92:d0:c6:0a:29:33)" };
    public Option<string[]> AddHost { get; } = new("--add-host") { Description = "Add a custom host-to-IP mapping (host:ip)" };
    public Option<string[]> Dns { get; } = new("--dns") { Description = "Set custom DNS servers" };
    public Option<string[]> DnsSearch { get; } = new("--dns-search") { Description = "Set custom DNS search domains" };
    public Option<string[]> DnsOption { get; } = new("--dns-option") { Description = "Set DNS options" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Publish, PublishAll, Expose, Alias, Ip, MacAddress, AddHost, Dns, DnsSearch, DnsOption }) command.Options.Add(option);
    }

    public ContainerNetworkFlagValues Read(ParseResult parse) => new()
    {
        Publish = parse.GetValue(Publish) ?? [],
        PublishAll = parse.GetValue(PublishAll),
        Expose = parse.GetValue(Expose) ?? [],
        Aliases = parse.GetValue(Alias) ?? [],
        Ip = parse.GetValue(Ip),
        MacAddress = parse.GetValue(MacAddress),
        AddHosts = parse.GetValue(AddHost) ?? [],
        Dns = parse.GetValue(Dns) ?? [],
        DnsSearch = parse.GetValue(DnsSearch) ?? [],
        DnsOptions = parse.GetValue(DnsOption) ?? [],
    };

    /// <summary>The request with these flags applied, as docker's parse and parseNetworkOpts put them.</summary>
    /// <exception cref="FlagValueException">A port, address or host entry does not parse.</exception>
    /// <exception cref="ContainerOptionsException">Endpoint flags with several networks.</exception>
    public static ContainerCreateRequest Apply(ContainerCreateRequest request, ContainerNetworkFlagValues flags)
    {
        var host = request.HostConfig ?? new HostConfig();
        var exposed = new Dictionary<string, EmptyObject>(request.ExposedPorts ?? [], StringComparer.Ordinal);
        var bindings = new Dictionary<string, IReadOnlyList<PortBinding>?>(StringComparer.Ordinal);
        foreach (var entry in flags.Publish.SelectMany(PortSpec.Parse))
        {
            exposed[entry.Key] = new EmptyObject();
            bindings[entry.Key] = [.. bindings.GetValueOrDefault(entry.Key) ?? [], entry.Binding];
        }
        foreach (var key in flags.Expose.SelectMany(PortSpec.Expose)) exposed[key] = new EmptyObject();
        var extraHosts = flags.AddHosts.Select(AddHostEntry).ToList();
        if (flags.Ip is { Length: > 0 } ip && !PortSpec.IsAddress(ip)) throw new FlagValueException("--ip", ip, "invalid IP address");
        var endpoints = request.NetworkingConfig?.EndpointsConfig ?? [];
        if (flags.Aliases.Count > 0 || flags.Ip is { Length: > 0 } || flags.MacAddress is { Length: > 0 })
        {
            if (endpoints.Count > 1) throw new ContainerOptionsException("conflicting options: cannot specify --network-alias, --ip or --mac-address with multiple networks");
            var name = endpoints.Count == 1 ? endpoints.Keys.First() : host.NetworkMode;
            var current = endpoints.GetValueOrDefault(name) ?? new EndpointSettings();
            endpoints = new Dictionary<string, EndpointSettings?>(StringComparer.Ordinal)
            {
                [name] = current with
                {
                    Aliases = flags.Aliases.Count > 0 ? flags.Aliases : current.Aliases,
                    IPAMConfig = flags.Ip is { Length: > 0 } address ? new EndpointIpamConfig { IPv4Address = address } : current.IPAMConfig,
                    MacAddress = flags.MacAddress ?? current.MacAddress,
                },
            };
        }
        return request with
        {
            ExposedPorts = exposed.Count > 0 ? exposed : request.ExposedPorts,
            HostConfig = host with
            {
                PortBindings = bindings,
                PublishAllPorts = flags.PublishAll,
                ExtraHosts = extraHosts.Count > 0 ? extraHosts : host.ExtraHosts,
                Dns = flags.Dns,
                DnsSearch = flags.DnsSearch,
                DnsOptions = flags.DnsOptions,
            },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = endpoints },
        };
    }

    /// <summary><c>host:ip</c> or <c>host=ip</c> (IPv6 addresses hold colons, so the name ends at the first separator).</summary>
    private static string AddHostEntry(string value)
    {
        var separator = value.IndexOfAny(['=', ':']);
        if (separator <= 0 || separator == value.Length - 1) throw new FlagValueException("--add-host", value, $"bad format for add-host: \"{value}\"");
        var address = value[(separator + 1)..].Trim('[', ']');
        if (address != "host-gateway" && !PortSpec.IsAddress(address))
            throw new FlagValueException("--add-host", value, $"invalid IP address in add-host: \"{address}\"");
        return value[..separator] + ":" + address;
    }
}
