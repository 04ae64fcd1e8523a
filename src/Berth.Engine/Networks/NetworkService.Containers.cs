using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.Engine.Containers;
using Berth.Network;
using Berth.Network.Cni;
using Berth.Network.Hosts;
using Berth.Network.Ports;
using Berth.Oci;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Networks;

public sealed partial class NetworkService
{
    public void Validate(NetworkRequest request)
    {
        if (request.JoinedContainer is { } joined) new ContainerLookup(containers).Resolve(joined);
        List<(NetworkDefinition Network, EndpointConfig Config)> memberships;
        try
        {
            memberships = Memberships(request);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            // dockerd answers 400 here: a 404 from create makes the docker CLI pull the image and try again.
            throw BerthException.Invalid(e.Message, e);
        }
        foreach (var (network, config) in memberships)
        {
            if (network.Driver != "bridge")
                throw BerthException.Invalid($"container cannot be disconnected from host network or connected to host network");
            if (network.IsDefault && config.Aliases.Count > 0)
                throw BerthException.Invalid("network-scoped alias is supported only for containers in user defined networks");
            if (network.IsDefault && config.IPv4Address is { Length: > 0 })
                throw BerthException.Invalid("user specified IP address is supported on user defined networks only");
            if (config.IPv4Address is { Length: > 0 } ip && !Network.Ipam.Ipv4Subnet.Parse(network.Subnet).Contains(Network.Ipam.Ipv4Subnet.ParseAddress(ip)))
                throw BerthException.Invalid($"no configured subnet contains IP address {ip}");
        }
    }

    public void Register(string containerId, NetworkRequest request)
    {
        foreach (var (network, config) in Memberships(request)) store.Put(new NetworkEndpoint(containerId, network.Id, config, null));
    }

    public async Task<string?> AttachAsync(ContainerRecord container, string hostname, NetworkRequest request, CancellationToken cancellationToken)
    {
        if (request.IsHost) return null;
        if (request.JoinedContainer is { } joined)
        {
            var other = new ContainerLookup(containers).Resolve(joined);
            var path = _namespaces.PathOf(other.Id);
            if (other.State.Status != ContainerStatus.Running || !File.Exists(path))
                throw BerthException.Conflict($"cannot join network namespace of a non running container: {other.Id}");
            return path;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var netns = _namespaces.Create(container.Id);
            try
            {
                var first = true;
                foreach (var endpoint in EndpointsOfContainer(container.Id))
                {
                    await AttachEndpointAsync(endpoint, hostname, netns, first ? request : null, cancellationToken);
                    first = false;
                }
            }
            catch (Exception e) when (e is BerthException or IOException or OperationCanceledException)
            {
                await DetachLockedAsync(container.Id);
                throw;
            }
            await RefreshHostsAsync(container.Id, CancellationToken.None);
            return netns;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WriteEtcFilesAsync(string containerId, NetworkRequest request, CancellationToken cancellationToken)
    {
        // The host's network keeps the host's hosts file; a joined namespace has no members of its own.
        if (!request.IsHost && request.JoinedContainer is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await HostsFile.UpdateInPlaceAsync(containerLayout.HostsPath(containerId), HostsEntries(containerId, store.Endpoints()), cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
        if (request.Dns.Count + request.DnsSearch.Count + request.DnsOptions.Count == 0) return;
        var path = containerLayout.ResolvConfPath(containerId);
        var current = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : "";
        await File.WriteAllTextAsync(path, ResolvConf.Render(current, request.Dns, request.DnsSearch, request.DnsOptions), cancellationToken);
    }

    public async Task DetachAsync(string containerId)
    {
        await _gate.WaitAsync();
        try
        {
            await DetachLockedAsync(containerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ForgetAsync(string containerId)
    {
        await _gate.WaitAsync();
        try
        {
            await DetachLockedAsync(containerId);
            store.RemoveEndpoints(containerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Docker's network connect: a running container is attached at once (and its peers learn its name); a
    /// stopped one joins at its next start.
    /// </summary>
    /// <exception cref="BerthException">NotFound; Conflict when already connected or not allowed on the network.</exception>
    public async Task ConnectAsync(string networkIdOrName, string containerIdOrName, EndpointConfig config, CancellationToken cancellationToken)
    {
        var network = Resolve(networkIdOrName);
        var container = new ContainerLookup(containers).Resolve(containerIdOrName);
        if (network.Driver != "bridge") throw BerthException.Conflict("container cannot be disconnected from host network or connected to host network");
        Validate(new NetworkRequest { Mode = network.Id, Endpoints = new Dictionary<string, EndpointConfig> { [network.Id] = config } });
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var own = EndpointsOfContainer(container.Id);
            if (own.Any(e => e.NetworkId == network.Id))
                throw BerthException.Conflict($"endpoint with name {container.Name} already exists in network {network.Name}");
            var endpoint = new NetworkEndpoint(container.Id, network.Id, config, null);
            store.Put(endpoint);
            var netns = _namespaces.PathOf(container.Id);
            if (container.State.Status is ContainerStatus.Running or ContainerStatus.Paused && File.Exists(netns))
            {
                var hostname = own.Select(e => e.State?.Hostname).FirstOrDefault(h => h is not null) ?? ContainerIds.Short(container.Id);
                try
                {
                    await AttachEndpointAsync(endpoint, hostname, netns, null, cancellationToken);
                }
                catch (BerthException)
                {
                    store.RemoveEndpoint(container.Id, network.Id);
                    throw;
                }
                await RefreshHostsAsync(container.Id, CancellationToken.None);
            }
            events.Publish("network", "connect", network.Id, new Dictionary<string, string> { ["container"] = container.Id, ["name"] = network.Name, ["type"] = "bridge" });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <exception cref="BerthException">NotFound; Conflict when the container is not connected.</exception>
    public async Task DisconnectAsync(string networkIdOrName, string containerIdOrName, bool force, CancellationToken cancellationToken)
    {
        var network = Resolve(networkIdOrName);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ContainerRecord? container = null;
            try
            {
                container = new ContainerLookup(containers).Resolve(containerIdOrName);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.NotFound && force)
            {
                // --force on a container that is gone: drop whatever the network still holds for that id.
            }
            var id = container?.Id ?? containerIdOrName;
            var endpoint = EndpointsOfNetwork(network.Id).FirstOrDefault(e => e.ContainerId == id)
                ?? throw BerthException.Conflict($"container {id} is not connected to network {network.Name}");
            var affected = PeersOn(endpoint.NetworkId, store.Endpoints());
            if (endpoint.State is { } state) await DeleteEndpointAsync(network, endpoint, state);
            store.RemoveEndpoint(id, network.Id);
            foreach (var peer in affected.Append(id).Distinct()) await RewriteHostsAsync(peer, CancellationToken.None);
            events.Publish("network", "disconnect", network.Id, new Dictionary<string, string> { ["container"] = id, ["name"] = network.Name, ["type"] = "bridge" });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Settles what a daemon that was away left: attachments of containers that no longer run are deleted
    /// (their addresses, ports and rules released), namespaces without a running container are removed, and
    /// endpoints of removed containers are dropped.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var live = containers.List().Where(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Paused).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var endpoint in store.Endpoints())
            {
                if (containers.Get(endpoint.ContainerId) is null)
                {
                    if (endpoint.State is not null) await DetachLockedAsync(endpoint.ContainerId);
                    store.RemoveEndpoints(endpoint.ContainerId);
                }
                else if (endpoint.State is not null && !live.Contains(endpoint.ContainerId))
                {
                    LogRecoveredDetach(endpoint.ContainerId);
                    await DetachLockedAsync(endpoint.ContainerId);
                }
            }
            foreach (var id in _namespaces.List().Where(id => !live.Contains(id)).ToList()) _namespaces.Remove(id);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The container's networks from its request: the mode's network first (its eth0), then the others.</summary>
    private List<(NetworkDefinition Network, EndpointConfig Config)> Memberships(NetworkRequest request)
    {
        var result = new List<(NetworkDefinition, EndpointConfig)>();
        if (request.IsHost || request.IsNone || request.JoinedContainer is not null) return result;
        var names = new List<string> { request.Mode };
        names.AddRange(request.Endpoints.Keys.Where(k => k != request.Mode));
        foreach (var name in names)
        {
            var network = Resolve(name is "default" or "" ? NetworkDefinition.DefaultName : name);
            if (result.Any(r => r.Item1.Id == network.Id)) continue;
            var config = request.Endpoints.GetValueOrDefault(name) ?? new EndpointConfig();
            result.Add((network, config));
        }
        return result;
    }

    /// <param name="request">The container's request when this is its first endpoint, which publishes its ports; else null.</param>
    private async Task AttachEndpointAsync(NetworkEndpoint endpoint, string hostname, string netns, NetworkRequest? request, CancellationToken cancellationToken)
    {
        var network = store.List().FirstOrDefault(n => n.Id == endpoint.NetworkId)
            ?? throw BerthException.NotFound($"network {endpoint.NetworkId} not found");
        var all = store.Endpoints();
        var used = all.Where(e => e.ContainerId == endpoint.ContainerId && e.State is not null).Select(e => e.State!.IfName).ToHashSet(StringComparer.Ordinal);
        var ifName = Enumerable.Range(0, 64).Select(i => string.Create(CultureInfo.InvariantCulture, $"eth{i}")).First(n => !used.Contains(n));
        var ports = request is null || network.Internal ? [] : PortsFor(request, all);
        var args = new Dictionary<string, string>();
        if (endpoint.Config.IPv4Address is { Length: > 0 } ip) args["IP"] = ip;
        var capabilities = new Dictionary<string, JsonNode>();
        if (ports.Count > 0) capabilities["portMappings"] = new JsonArray([.. ports.Select(p => (JsonNode)p.ToCni())]);
        if (endpoint.Config.MacAddress is { Length: > 0 } mac) capabilities["mac"] = JsonValue.Create(mac);
        var cniRequest = new CniRequest { ContainerId = endpoint.ContainerId, NetnsPath = netns, IfName = ifName, Args = args, Capabilities = capabilities };
        var configList = CniConfigList.Build(network, layout.IpamDir(network.Id), ports.Count > 0, endpoint.Config.MacAddress is { Length: > 0 });
        var result = await cni.AddAsync(configList, cniRequest, cancellationToken);
        var address = CniAddress.From(result);
        store.Put(endpoint with
        {
            State = new EndpointState
            {
                EndpointId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                IfName = ifName,
                IPAddress = address.IPAddress,
                PrefixLength = address.PrefixLength,
                Gateway = network.Internal ? "" : address.Gateway,
                MacAddress = address.MacAddress,
                Hostname = hostname,
                NetnsPath = netns,
                Ports = ports,
                CniResult = result.ToJsonString(),
                CniPlugins = [.. CniConfigList.PluginTypes(configList)],
            },
        });
        LogAttached(endpoint.ContainerId, network.Name, address.IPAddress, ifName);
    }

    /// <summary>
    /// The mappings to publish: each <c>-p</c> (a random port for a 0), then with <c>-P</c> every exposed port not
    /// already given. A port that this daemon published or a host socket holds is refused before anything is set up.
    /// </summary>
    private static List<PortMapping> PortsFor(NetworkRequest request, IReadOnlyList<NetworkEndpoint> all)
    {
        var published = all.Where(e => e.State is not null).SelectMany(e => e.State!.Ports).ToList();
        var mappings = new List<PortMapping>();
        var wanted = request.Ports.ToList();
        if (request.PublishAll)
        {
            foreach (var exposed in request.ExposedPorts)
            {
                var (port, protocol) = PortKey.Parse(exposed);
                if (!wanted.Any(w => w.ContainerPort == port && w.Protocol == protocol)) wanted.Add(new PortRequest(port, protocol, "", 0));
            }
        }
        foreach (var want in wanted)
        {
            var taken = published.Concat(mappings).Where(p => p.Protocol == want.Protocol).Select(p => p.HostPort).ToHashSet();
            PortMapping mapping;
            if (want.HostPort == 0)
            {
                mapping = new PortMapping(want.HostIp, HostPorts.PickFree(want.HostIp, want.Protocol, taken), want.ContainerPort, want.Protocol);
            }
            else
            {
                mapping = new PortMapping(want.HostIp, want.HostPort, want.ContainerPort, want.Protocol);
                var clash = published.Concat(mappings).Any(p => p.Protocol == mapping.Protocol && p.HostPort == mapping.HostPort
                    && (p.HostIp.Length == 0 || mapping.HostIp.Length == 0 || p.HostIp == mapping.HostIp));
                if (clash) throw BerthException.Conflict($"Bind for {mapping.HostDisplay} failed: port is already allocated");
                HostPorts.EnsureFree(mapping);
            }
            mappings.Add(mapping);
        }
        return mappings;
    }

    /// <summary>CNI DEL for each live endpoint, then the namespace; failures are logged, never thrown (a run must be able to end).</summary>
    private async Task DetachLockedAsync(string containerId)
    {
        var endpoints = EndpointsOfContainer(containerId);
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Where(e => e.State is not null))
        {
            foreach (var peer in PeersOn(endpoint.NetworkId, store.Endpoints())) affected.Add(peer);
            var network = store.List().FirstOrDefault(n => n.Id == endpoint.NetworkId);
            if (network is not null) await DeleteEndpointAsync(network, endpoint, endpoint.State!);
            store.Put(endpoint with { State = null });
        }
        try
        {
            _namespaces.Remove(containerId);
        }
        catch (IOException e)
        {
            LogDetachFailed(e, containerId);
        }
        affected.Remove(containerId);
        foreach (var peer in affected) await RewriteHostsAsync(peer, CancellationToken.None);
    }

    private async Task DeleteEndpointAsync(NetworkDefinition network, NetworkEndpoint endpoint, EndpointState state)
    {
        var capabilities = new Dictionary<string, JsonNode>();
        if (state.Ports.Count > 0) capabilities["portMappings"] = new JsonArray([.. state.Ports.Select(p => (JsonNode)p.ToCni())]);
        var request = new CniRequest
        {
            ContainerId = endpoint.ContainerId,
            NetnsPath = File.Exists(state.NetnsPath) ? state.NetnsPath : "",
            IfName = state.IfName,
            Capabilities = capabilities,
        };
        try
        {
            var configList = CniConfigList.Build(network, layout.IpamDir(network.Id),
                state.CniPlugins?.Contains("portmap") ?? true, state.CniPlugins?.Contains("tuning") ?? true);
            await cni.DeleteAsync(configList, request, JsonNode.Parse(state.CniResult) as JsonObject, CancellationToken.None);
        }
        catch (BerthException e)
        {
            LogDetachFailed(e, endpoint.ContainerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "container {Id} attached to {Network} as {Address} on {IfName}")]
    private partial void LogAttached(string id, string network, string address, string ifName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: releasing its network attachment failed")]
    private partial void LogDetachFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} stopped while the daemon was away: releasing its network attachments")]
    private partial void LogRecoveredDetach(string id);
}
