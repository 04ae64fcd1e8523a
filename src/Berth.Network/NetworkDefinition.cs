namespace Berth.Network;

/// <summary>
/// A network as Berth keeps it: Docker's identity (id, name, labels, options) plus what the CNI bridge plugin
/// needs (the Linux bridge device, the IPv4 subnet, gateway and allocation range).
/// </summary>
public sealed record NetworkDefinition
{
    /// <summary>The API name of the default network, as Docker calls its default bridge.</summary>
    public const string DefaultName = "bridge";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    /// <summary>The Linux bridge device (<c>berth0</c>, <c>br-&lt;id12&gt;</c>).</summary>
    public required string BridgeName { get; init; }
    public required string Subnet { get; init; }
    public required string Gateway { get; init; }
    /// <summary>Addresses are given out only from this part of the subnet (<c>--ip-range</c>); null means all of it.</summary>
    public string? IpRange { get; init; }
    /// <summary>No route out and no NAT (<c>--internal</c>).</summary>
    public bool Internal { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset Created { get; init; }

    /// <summary>The default bridge: containers on it do not resolve each other by name, as on Docker's.</summary>
    public bool IsDefault => Name == DefaultName;
}
