using System.Text.Json.Nodes;

namespace Berth.Network.Cni;

/// <summary>
/// One attachment as CNI sees it: the container, its namespace and interface name, CNI_ARGS (host-local reads
/// a requested address from <c>IP=</c>), and the capability values (<c>portMappings</c>, <c>mac</c>) that
/// plugins declaring the capability receive as runtimeConfig.
/// </summary>
public sealed record CniRequest
{
    public required string ContainerId { get; init; }
    /// <summary>The namespace's bind-mount path; empty on DEL when it is already gone (plugins then only release state).</summary>
    public required string NetnsPath { get; init; }
    public required string IfName { get; init; }
    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, JsonNode> Capabilities { get; init; } = new Dictionary<string, JsonNode>();
}
