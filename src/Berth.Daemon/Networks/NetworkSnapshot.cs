using Berth.Network;
using Berth.Engine.Networks;

namespace Berth.Daemon.Networks;

/// <summary>
/// The networks and every endpoint, read once for a request that shows many containers (<c>ps</c> with a thousand
/// would otherwise read the whole endpoint table a thousand times).
/// </summary>
public sealed class NetworkSnapshot
{
    private readonly ILookup<string, NetworkEndpoint> _endpoints;

    private NetworkSnapshot(NetworkService networks)
    {
        Definitions = networks.List().ToDictionary(n => n.Id, StringComparer.Ordinal);
        _endpoints = networks.Endpoints().ToLookup(e => e.ContainerId, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, NetworkDefinition> Definitions { get; }

    public static NetworkSnapshot Take(NetworkService networks) => new(networks);

    /// <summary>The container's endpoints, its first (eth0) first.</summary>
    public IEnumerable<NetworkEndpoint> EndpointsOf(string containerId) => _endpoints[containerId];
}
