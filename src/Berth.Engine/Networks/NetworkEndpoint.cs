using Berth.Network.Ports;

namespace Berth.Engine.Networks;

/// <summary>
/// A container's membership of a network: what was asked (<see cref="Config"/>) for as long as it is a member,
/// and, while the container runs, what CNI gave it (<see cref="State"/>).
/// </summary>
public sealed record NetworkEndpoint(string ContainerId, string NetworkId, EndpointConfig Config, EndpointState? State);

/// <summary>A live attachment: addresses, published ports, and the CNI result that DEL needs back.</summary>
public sealed record EndpointState
{
    public required string EndpointId { get; init; }
    public required string IfName { get; init; }
    public required string IPAddress { get; init; }
    public required int PrefixLength { get; init; }
    public required string Gateway { get; init; }
    public required string MacAddress { get; init; }
    /// <summary>The container's hostname, which its own /etc/hosts line carries.</summary>
    public required string Hostname { get; init; }
    public required string NetnsPath { get; init; }
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];
    /// <summary>The ADD result as JSON, handed back to the plugins at DEL.</summary>
    public required string CniResult { get; init; }
    /// <summary>
    /// The plugin types the ADD ran, so the DEL runs the same ones; null for an attachment made by a berthd that
    /// always ran them all.
    /// </summary>
    public IReadOnlyList<string>? CniPlugins { get; init; }
}
