using System.Text.Json.Nodes;
using Berth.Network.Ipam;

namespace Berth.Network.Cni;

/// <summary>
/// The CNI network configuration list for a network: the bridge plugin (veth into the bridge, host-local IPAM,
/// NAT for egress), then portmap (published ports, given per container as the portMappings capability),
/// firewall (accepts the container's traffic in FORWARD even where Docker set its policy to DROP) and tuning
/// (a chosen MAC, the mac capability). An internal network gets no gateway route, no NAT and no portmap.
/// portmap and tuning are left out for a container that publishes no port or asks for no MAC: they would change
/// nothing, yet every run of them costs a process, and portmap's DEL alone some fifteen iptables calls (~200 ms of
/// a bridge container's removal). The DEL must be given the same list as the ADD: the caller keeps its
/// <see cref="PluginTypes"/>.
/// </summary>
public static class CniConfigList
{
    public const string Version = "1.0.0";

    /// <param name="ipamDataDir">host-local's reservation directory; under the data root so it survives restarts.</param>
    /// <param name="publishesPorts">The container publishes ports on this network (portmap is needed).</param>
    /// <param name="setsMac">The container asks for a MAC address on this network (tuning is needed).</param>
    public static JsonObject Build(NetworkDefinition network, string ipamDataDir, bool publishesPorts = true, bool setsMac = true)
    {
        var range = new JsonObject { ["subnet"] = network.Subnet, ["gateway"] = network.Gateway };
        if (network.IpRange is { Length: > 0 } ipRange)
        {
            var subnet = Ipv4Subnet.Parse(network.Subnet);
            var pool = Ipv4Subnet.Parse(ipRange);
            range["rangeStart"] = Ipv4Subnet.Format(Math.Max(pool.Network, subnet.FirstHost));
            range["rangeEnd"] = Ipv4Subnet.Format(Math.Min(pool.Broadcast, subnet.LastHost));
        }
        var ipam = new JsonObject
        {
            ["type"] = "host-local",
            ["ranges"] = new JsonArray(new JsonArray(range)),
            ["dataDir"] = ipamDataDir,
        };
        if (!network.Internal) ipam["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" });
        var plugins = new JsonArray(
            new JsonObject
            {
                ["type"] = "bridge",
                ["bridge"] = network.BridgeName,
                ["isGateway"] = !network.Internal,
                ["ipMasq"] = !network.Internal,
                // A container reaching its own published port through the host comes back through the bridge.
                ["hairpinMode"] = true,
                ["ipam"] = ipam,
            });
        if (!network.Internal && publishesPorts)
            plugins.Add((JsonNode)new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true }, ["snat"] = true });
        plugins.Add((JsonNode)new JsonObject { ["type"] = "firewall", ["backend"] = "iptables" });
        if (setsMac) plugins.Add((JsonNode)new JsonObject { ["type"] = "tuning", ["capabilities"] = new JsonObject { ["mac"] = true } });
        return new JsonObject { ["cniVersion"] = Version, ["name"] = CniName(network), ["plugins"] = plugins };
    }

    /// <summary>The plugin types of a configuration list, in order.</summary>
    public static IEnumerable<string> PluginTypes(JsonObject configList) =>
        (configList["plugins"] as JsonArray ?? []).OfType<JsonObject>().Select(p => p["type"]?.GetValue<string>()).OfType<string>();

    /// <summary>
    /// The name CNI knows the network by: its id, not its user-facing name, so a network removed and made again
    /// under the same name never shares plugin state (iptables chains hash it) with the old one.
    /// </summary>
    public static string CniName(NetworkDefinition network) => "berth-" + network.Id[..12];
}
