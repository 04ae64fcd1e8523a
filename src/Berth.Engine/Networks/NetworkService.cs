using System.Runtime.Versioning;
using System.Security.Cryptography;
using Berth.Engine.Containers;
using Berth.Engine.Events;
using Berth.Network;
using Berth.Network.Cni;
using Berth.Network.Ipam;
using Berth.Network.Links;
using Berth.Network.Namespaces;
using Berth.Oci;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Networks;

/// <summary>
/// The daemon's networks: the predefined bridge, host and none, user-defined bridge networks, and containers'
/// attachments to them through CNI. The parts are split by concern across the partial files.
/// </summary>
/// <remarks>
/// Concurrency: every change to networks or endpoints (and the /etc/hosts rewrites that follow) runs under one
/// gate, so membership, address and port decisions never interleave. Callers may hold a container's lock
/// when they enter it; the gate never takes one.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class NetworkService(
    NetworkStore store,
    NetworkLayout layout,
    NetworkDefaults defaults,
    ContainerStore containers,
    ContainerLayout containerLayout,
    CniPlugins cni,
    EventBus events,
    TimeProvider clock,
    ILogger<NetworkService> logger) : IContainerNetworks
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly NetworkNamespaces _namespaces = new(layout.NamespaceDir);

    /// <summary>The predefined networks that are not bridges: they cannot be created, removed or connected.</summary>
    private static readonly string[] Predefined = [NetworkDefinition.DefaultName, "host", "none"];

    /// <summary>Makes the predefined networks on first start; the default bridge keeps its subnet across restarts.</summary>
    public void EnsurePredefined()
    {
        var existing = store.List();
        if (!existing.Any(n => n.Name == NetworkDefinition.DefaultName))
        {
            var subnet = defaults.Subnet is { Length: > 0 } given ? Ipv4Subnet.Parse(given) : PickSubnet(existing, defaults.BridgeName);
            store.Add(new NetworkDefinition
            {
                Id = NewId(),
                Name = NetworkDefinition.DefaultName,
                BridgeName = defaults.BridgeName,
                Subnet = subnet.ToString(),
                Gateway = Ipv4Subnet.Format(subnet.FirstHost),
                Options = new Dictionary<string, string>
                {
                    ["com.docker.network.bridge.default_bridge"] = "true",
                    ["com.docker.network.bridge.enable_ip_masquerade"] = "true",
                    ["com.docker.network.bridge.name"] = defaults.BridgeName,
                },
                Created = clock.GetUtcNow(),
            });
        }
        foreach (var (name, driver) in new[] { ("host", "host"), ("none", "null") })
        {
            if (!existing.Any(n => n.Name == name))
                store.Add(new NetworkDefinition { Id = NewId(), Name = name, Driver = driver, BridgeName = "", Subnet = "", Gateway = "", Created = clock.GetUtcNow() });
        }
    }

    public IReadOnlyList<NetworkDefinition> List() => store.List();

    /// <summary>A full id, then a name, then a unique id prefix, as Docker resolves networks.</summary>
    /// <exception cref="BerthException">NotFound; InvalidArgument for an ambiguous prefix.</exception>
    public NetworkDefinition Resolve(string idOrName)
    {
        var all = store.List();
        if (all.FirstOrDefault(n => n.Id == idOrName) is { } byId) return byId;
        if (all.FirstOrDefault(n => n.Name == idOrName) is { } byName) return byName;
        var matches = idOrName.Length == 0 ? [] : all.Where(n => n.Id.StartsWith(idOrName, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw BerthException.NotFound($"network {idOrName} not found"),
            _ => throw BerthException.Invalid($"network {idOrName} is ambiguous ({matches.Count} matches found based on ID prefix)"),
        };
    }

    /// <summary>Endpoints of a network, or of a container.</summary>
    public IReadOnlyList<NetworkEndpoint> EndpointsOfNetwork(string networkId) => [.. store.Endpoints().Where(e => e.NetworkId == networkId)];

    /// <summary>Every endpoint of every container, in the order they were added.</summary>
    public IReadOnlyList<NetworkEndpoint> Endpoints() => store.Endpoints();

    public IReadOnlyList<NetworkEndpoint> EndpointsOfContainer(string containerId) => [.. store.Endpoints().Where(e => e.ContainerId == containerId)];

    /// <exception cref="BerthException">Conflict for a taken name or an overlapping subnet; InvalidArgument for bad addresses.</exception>
    public async Task<NetworkDefinition> CreateAsync(NetworkCreateOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Name)) throw BerthException.Invalid("network name cannot be empty");
        if (options.Driver is not ("" or "bridge")) throw BerthException.NotFound($"plugin \"{options.Driver}\" not found");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var existing = store.List();
            if (existing.Any(n => n.Name == options.Name)) throw BerthException.Conflict($"network with name {options.Name} already exists");
            var id = NewId();
            var bridge = options.Options.GetValueOrDefault("com.docker.network.bridge.name") is { Length: > 0 } named ? named : "br-" + id[..12];
            if (bridge.Length > 15) throw BerthException.Invalid($"bridge name {bridge} is longer than 15 characters");
            Ipv4Subnet subnet;
            if (options.Subnet is { Length: > 0 } given)
            {
                subnet = Ipv4Subnet.Parse(given);
                if (existing.Where(n => n.Subnet.Length > 0).Any(n => Ipv4Subnet.Parse(n.Subnet).Overlaps(subnet)))
                    throw BerthException.Conflict("Pool overlaps with other one on this address space");
            }
            else
            {
                if (options.Gateway is { Length: > 0 } || options.IpRange is { Length: > 0 })
                    throw BerthException.Invalid("invalid pool request: a gateway or an IP range needs a subnet (--subnet)");
                subnet = PickSubnet(existing, bridge);
            }
            var gateway = options.Gateway is { Length: > 0 } gw ? Ipv4Subnet.ParseAddress(gw) : subnet.FirstHost;
            if (!subnet.Contains(gateway) || gateway == subnet.Network || gateway == subnet.Broadcast)
                throw BerthException.Invalid($"invalid gateway {Ipv4Subnet.Format(gateway)}: it is not a host address of {subnet}");
            if (options.IpRange is { Length: > 0 } range && !subnet.Contains(Ipv4Subnet.Parse(range).Network))
                throw BerthException.Invalid($"invalid ip range {range}: it is not inside {subnet}");
            var network = new NetworkDefinition
            {
                Id = id,
                Name = options.Name,
                BridgeName = bridge,
                Subnet = subnet.ToString(),
                Gateway = Ipv4Subnet.Format(gateway),
                IpRange = options.IpRange is { Length: > 0 } r ? Ipv4Subnet.Parse(r).ToString() : null,
                Internal = options.Internal,
                Labels = options.Labels,
                Options = options.Options,
                Created = clock.GetUtcNow(),
            };
            store.Add(network);
            events.Publish("network", "create", id, new Dictionary<string, string> { ["name"] = network.Name, ["type"] = "bridge" });
            LogCreated(network.Name, network.Subnet, bridge);
            return network;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <exception cref="BerthException">NotFound; Conflict for a predefined network or one a running container uses.</exception>
    public async Task RemoveAsync(string idOrName, CancellationToken cancellationToken)
    {
        var network = Resolve(idOrName);
        if (Predefined.Contains(network.Name)) throw BerthException.Conflict($"{network.Name} is a pre-defined network and cannot be removed");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (EndpointsOfNetwork(network.Id).Any(e => e.State is not null))
                throw BerthException.Conflict($"error while removing network: network {network.Name} id {network.Id} has active endpoints");
            store.Remove(network.Id);
            await DeleteResourcesAsync(network, cancellationToken);
            events.Publish("network", "destroy", network.Id, new Dictionary<string, string> { ["name"] = network.Name, ["type"] = "bridge" });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the user-defined networks no container belongs to that <paramref name="matches"/> selects; returns their names.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(Func<NetworkDefinition, bool> matches, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var network in store.List().Where(n => !Predefined.Contains(n.Name) && matches(n)))
        {
            if (EndpointsOfNetwork(network.Id).Count > 0) continue;
            try
            {
                await RemoveAsync(network.Id, cancellationToken);
                removed.Add(network.Name);
            }
            catch (BerthException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
            {
                // Joined or removed since the listing: not pruned.
            }
        }
        return removed;
    }

    /// <summary>The bridge device and the IPAM reservations of a removed network.</summary>
    private async Task DeleteResourcesAsync(NetworkDefinition network, CancellationToken cancellationToken)
    {
        if (network.BridgeName.Length > 0 && !await BridgeDevices.DeleteAsync(network.BridgeName, cancellationToken)) LogBridgeLeft(network.BridgeName);
        var ipam = layout.IpamDir(network.Id);
        if (Directory.Exists(ipam)) Directory.Delete(ipam, recursive: true);
    }

    /// <summary>A subnet clear of every network's and of the host's routes (except those on the network's own bridge).</summary>
    private static Ipv4Subnet PickSubnet(IEnumerable<NetworkDefinition> existing, string bridge)
    {
        var routes = File.Exists("/proc/net/route") ? File.ReadAllLines("/proc/net/route") : [];
        var taken = existing.Where(n => n.Subnet.Length > 0).Select(n => Ipv4Subnet.Parse(n.Subnet))
            .Concat(SubnetPicker.ParseRoutes(routes, new HashSet<string>(StringComparer.Ordinal) { bridge }));
        return SubnetPicker.Pick(taken) ?? throw new BerthException(ErrorKind.Unavailable, "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    [LoggerMessage(Level = LogLevel.Information, Message = "network {Name} created on {Subnet} (bridge {Bridge})")]
    private partial void LogCreated(string name, string subnet, string bridge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the bridge {Bridge} of a removed network could not be deleted")]
    private partial void LogBridgeLeft(string bridge);
}
