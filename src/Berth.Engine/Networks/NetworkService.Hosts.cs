using Berth.Engine.Containers;
using Berth.Network;
using Berth.Network.Hosts;

namespace Berth.Engine.Networks;

public sealed partial class NetworkService
{
    /// <summary>
    /// A container's network lines: its own address under its hostname, then, on each user-defined network it
    /// shares with others, each live member under its name, short id and aliases (the default bridge has no names).
    /// </summary>
    private IEnumerable<HostsEntry> HostsEntries(string containerId, IReadOnlyList<NetworkEndpoint> all)
    {
        var own = all.Where(e => e.ContainerId == containerId && e.State is not null).ToList();
        if (own.Count == 0) yield break;
        yield return new HostsEntry(own[0].State!.IPAddress, [own[0].State!.Hostname]);
        var networks = store.List().ToDictionary(n => n.Id, StringComparer.Ordinal);
        foreach (var mine in own)
        {
            if (!networks.TryGetValue(mine.NetworkId, out var network) || network.IsDefault) continue;
            foreach (var peer in all.Where(e => e.NetworkId == mine.NetworkId && e.ContainerId != containerId && e.State is not null))
            {
                var name = containers.Get(peer.ContainerId)?.Name;
                if (name is null) continue;
                yield return new HostsEntry(peer.State!.IPAddress, [name, ContainerIds.Short(peer.ContainerId), .. peer.Config.Aliases]);
            }
        }
    }

    /// <summary>The other live members of a user-defined network: whose /etc/hosts lists this one.</summary>
    private IEnumerable<string> PeersOn(string networkId, IReadOnlyList<NetworkEndpoint> all)
    {
        var network = store.List().FirstOrDefault(n => n.Id == networkId);
        if (network is null || network.IsDefault) return [];
        return all.Where(e => e.NetworkId == networkId && e.State is not null).Select(e => e.ContainerId).ToList();
    }

    // A container with no live attachment is in nobody's /etc/hosts, and its own is written anew when it starts.
    public Task RenamedAsync(string containerId, CancellationToken cancellationToken) =>
        store.Endpoints().Any(e => e.ContainerId == containerId && e.State is not null) ? RefreshHostsAsync(containerId, cancellationToken) : Task.CompletedTask;

    /// <summary>After a container attached or was renamed: its own file and those of everyone on its user-defined networks.</summary>
    private async Task RefreshHostsAsync(string containerId, CancellationToken cancellationToken)
    {
        var all = store.Endpoints();
        var targets = all.Where(e => e.ContainerId == containerId && e.State is not null)
            .SelectMany(e => PeersOn(e.NetworkId, all)).Append(containerId).Distinct(StringComparer.Ordinal);
        foreach (var target in targets) await RewriteHostsAsync(target, cancellationToken);
    }

    private Task RewriteHostsAsync(string containerId, CancellationToken cancellationToken) =>
        HostsFile.UpdateInPlaceAsync(containerLayout.HostsPath(containerId), HostsEntries(containerId, store.Endpoints()).ToList(), cancellationToken);
}
