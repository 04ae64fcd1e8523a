using System.Globalization;
using Berth.Api.Models;
using Berth.Engine.Networks;
using Berth.Oci;

namespace Berth.Daemon.Networks;

/// <summary>The networking part of a create request (NetworkMode, EndpointsConfig, PortBindings, Dns…) as the engine takes it.</summary>
public static class NetworkRequestReader
{
    public static NetworkRequest Read(ContainerCreateRequest request, HostConfig host)
    {
        var endpoints = new Dictionary<string, EndpointConfig>(StringComparer.Ordinal);
        foreach (var (name, settings) in request.NetworkingConfig?.EndpointsConfig ?? [])
        {
            endpoints[name] = new EndpointConfig
            {
                Aliases = settings?.Aliases ?? [],
                IPv4Address = settings?.IPAMConfig?.IPv4Address is { Length: > 0 } ip ? ip : null,
                MacAddress = settings?.MacAddress is { Length: > 0 } mac ? mac : null,
            };
        }
        var mode = host.NetworkMode is { Length: > 0 } given ? given : "default";
        // API < 1.44 clients (docker-compose v1) send the MAC address in Config; it belongs to the first network.
        if (request.MacAddress is { Length: > 0 } legacyMac)
            endpoints[mode] = (endpoints.GetValueOrDefault(mode) ?? new EndpointConfig()) with { MacAddress = legacyMac };
        return new NetworkRequest
        {
            Mode = mode,
            Endpoints = endpoints,
            Ports = Ports(host.PortBindings),
            PublishAll = host.PublishAllPorts,
            ExposedPorts = [.. (request.ExposedPorts?.Keys.AsEnumerable() ?? []).Concat(host.PortBindings?.Keys.AsEnumerable() ?? []).Distinct(StringComparer.Ordinal)],
            Dns = host.Dns ?? [],
            DnsSearch = host.DnsSearch ?? [],
            DnsOptions = host.DnsOptions ?? [],
        };
    }

    /// <summary>PortBindings: <c>"80/tcp"</c> → host address and port (empty: a random one).</summary>
    private static List<PortRequest> Ports(Dictionary<string, IReadOnlyList<PortBinding>?>? bindings)
    {
        var ports = new List<PortRequest>();
        foreach (var (key, hosts) in bindings ?? [])
        {
            var (port, protocol) = Berth.Network.Ports.PortKey.Parse(key);
            if (protocol is not ("tcp" or "udp")) throw new BerthException(ErrorKind.NotImplemented, $"publishing {protocol} ports is not supported (tcp and udp are)");
            foreach (var binding in hosts is { Count: > 0 } ? hosts : [new PortBinding()])
            {
                var hostPort = binding.HostPort switch
                {
                    null or "" => 0,
                    var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536 => n,
                    var text => throw BerthException.Invalid($"invalid port specification: \"{text}\""),
                };
                var hostIp = binding.HostIp is "0.0.0.0" or null ? "" : binding.HostIp;
                if (hostIp.Length > 0 && !System.Net.IPAddress.TryParse(hostIp, out _)) throw BerthException.Invalid($"invalid IP address: {hostIp}");
                ports.Add(new PortRequest(port, protocol, hostIp, hostPort));
            }
        }
        return ports;
    }
}
