namespace Berth.Engine.Networks;

/// <summary>POST /networks/create as the engine takes it (IPv4 only: the first IPAM config entry).</summary>
public sealed record NetworkCreateOptions
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    public string? IpRange { get; init; }
    public bool Internal { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>The daemon's choices for the default bridge (dockerd's <c>--bridge</c> and <c>--bip</c>).</summary>
public sealed record NetworkDefaults(string BridgeName = "berth0", string? Subnet = null);
