using System.Globalization;
using Berth.Api.Models;
using Berth.Engine.Containers;
using Berth.Engine.Networks;
using Berth.Network;
using Berth.Oci;

namespace Berth.Daemon.Networks;

/// <summary>Networks and containers' attachments in the API's shapes: network inspect, and the container views' NetworkSettings and Ports.</summary>
public static class NetworkViews
{
    public static NetworkResource Resource(NetworkDefinition network, IEnumerable<NetworkEndpoint> endpoints, ContainerStore containers, bool withContainers)
    {
        var members = new Dictionary<string, NetworkContainer>(StringComparer.Ordinal);
        if (withContainers)
        {
            foreach (var endpoint in endpoints.Where(e => e.State is not null))
            {
                var state = endpoint.State!;
                members[endpoint.ContainerId] = new NetworkContainer
                {
                    Name = containers.Get(endpoint.ContainerId)?.Name ?? "",
                    EndpointID = state.EndpointId,
                    MacAddress = state.MacAddress,
                    IPv4Address = string.Create(CultureInfo.InvariantCulture, $"{state.IPAddress}/{state.PrefixLength}"),
                };
            }
        }
        return new NetworkResource
        {
            Name = network.Name,
            Id = network.Id,
            Created = GoTime.Format(network.Created),
            Driver = network.Driver,
            IPAM = new NetworkIpam
            {
                Options = network.Driver == "bridge" ? [] : null,
                Config = network.Subnet.Length == 0 ? [] : [new NetworkIpamConfig { Subnet = network.Subnet, Gateway = network.Gateway, IPRange = network.IpRange }],
            },
            Internal = network.Internal,
            Containers = members,
            Options = new Dictionary<string, string>(network.Options),
            Labels = new Dictionary<string, string>(network.Labels),
        };
    }

    /// <summary>
    /// A container's NetworkSettings: each network it belongs to (with addresses while it runs), the published
    /// ports, and the deprecated top-level fields from its default-bridge endpoint (docker-compose v1 reads them).
    /// </summary>
    public static ContainerNetworkSettings Settings(ContainerRecord container, ContainerCreateRequest request, NetworkSnapshot networks)
    {
        var settings = new ContainerNetworkSettings();
        var running = ContainerService.IsActive(container.State.Status);
        foreach (var endpoint in networks.EndpointsOf(container.Id))
        {
            if (!networks.Definitions.TryGetValue(endpoint.NetworkId, out var network)) continue;
            var view = Endpoint(network, endpoint, container.Name);
            settings.Networks[network.Name] = view;
            if (network.IsDefault)
            {
                settings.EndpointID = view.EndpointID;
                settings.Gateway = view.Gateway;
                settings.IPAddress = view.IPAddress;
                settings = settings with { IPPrefixLen = view.IPPrefixLen };
                settings.MacAddress = view.MacAddress;
            }
            if (endpoint.State is { } state && settings.SandboxKey.Length == 0)
            {
                settings.SandboxKey = state.NetnsPath;
                settings.SandboxID = container.Id;
            }
        }
        var mode = request.HostConfig?.NetworkMode;
        if (mode is "host" or "none" && networks.Definitions.Values.FirstOrDefault(n => n.Name == mode) is { } special)
            settings.Networks[mode] = new EndpointSettings { NetworkID = special.Id };
        if (running) settings.Ports = Ports(request, networks.EndpointsOf(container.Id));
        return settings;
    }

    /// <summary>ps's Ports column: each exposed port, with where it is published while the container runs.</summary>
    public static List<ContainerPort> SummaryPorts(ContainerRecord container, ContainerCreateRequest request, NetworkSnapshot networks)
    {
        var rows = new List<ContainerPort>();
        var ports = ContainerService.IsActive(container.State.Status) ? Ports(request, networks.EndpointsOf(container.Id)) : ExposedOnly(request);
        foreach (var (key, bindings) in ports)
        {
            var (port, protocol) = Berth.Network.Ports.PortKey.Parse(key);
            if (bindings is null or { Count: 0 })
            {
                rows.Add(new ContainerPort { PrivatePort = (ushort)port, Type = protocol });
                continue;
            }
            foreach (var binding in bindings)
                rows.Add(new ContainerPort { IP = binding.HostIp, PrivatePort = (ushort)port, PublicPort = ushort.Parse(binding.HostPort, CultureInfo.InvariantCulture), Type = protocol });
        }
        return rows;
    }

    public static Dictionary<string, EndpointSettings> SummaryNetworks(ContainerRecord container, ContainerCreateRequest request, NetworkSnapshot networks) =>
        Settings(container, request, networks).Networks;

    private static EndpointSettings Endpoint(NetworkDefinition network, NetworkEndpoint endpoint, string containerName)
    {
        var state = endpoint.State;
        return new EndpointSettings
        {
            IPAMConfig = endpoint.Config.IPv4Address is { } ip ? new EndpointIpamConfig { IPv4Address = ip } : null,
            Aliases = network.IsDefault ? null : [.. endpoint.Config.Aliases],
            MacAddress = state?.MacAddress ?? endpoint.Config.MacAddress ?? "",
            NetworkID = network.Id,
            EndpointID = state?.EndpointId ?? "",
            Gateway = state?.Gateway ?? "",
            IPAddress = state?.IPAddress ?? "",
            IPPrefixLen = state?.PrefixLength ?? 0,
            DNSNames = network.IsDefault || state is null ? null : [containerName, ContainerIds.Short(endpoint.ContainerId), .. endpoint.Config.Aliases],
        };
    }

    private static Dictionary<string, IReadOnlyList<PortBinding>?> ExposedOnly(ContainerCreateRequest request)
    {
        var ports = new Dictionary<string, IReadOnlyList<PortBinding>?>(StringComparer.Ordinal);
        foreach (var key in request.ExposedPorts?.Keys.AsEnumerable() ?? []) ports[key] = null;
        return ports;
    }

    private static Dictionary<string, IReadOnlyList<PortBinding>?> Ports(ContainerCreateRequest request, IEnumerable<NetworkEndpoint> endpoints)
    {
        var ports = ExposedOnly(request);
        foreach (var mapping in endpoints.Where(e => e.State is not null).SelectMany(e => e.State!.Ports))
        {
            var list = ports.GetValueOrDefault(mapping.Key)?.ToList() ?? [];
            list.Add(new PortBinding { HostIp = mapping.HostIp.Length == 0 ? "0.0.0.0" : mapping.HostIp, HostPort = mapping.HostPort.ToString(CultureInfo.InvariantCulture) });
            ports[mapping.Key] = list;
        }
        return ports;
    }
}
