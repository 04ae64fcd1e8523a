namespace Berth.Api.Models;

/// <summary>
/// NetworkSettings of GET /containers/{id}/json as API 1.51 sends it: the deprecated top-level
/// address fields (from the default bridge endpoint) are still always present, so they are here too.
/// </summary>
public sealed record ContainerNetworkSettings
{
    public string Bridge { get; init; } = "";
    public string SandboxID { get; init; } = "";
    public string SandboxKey { get; init; } = "";
    /// <summary><c>"80/tcp"</c> → bindings; a null value means exposed but not published.</summary>
    public Dictionary<string, IReadOnlyList<PortBinding>?> Ports { get; init; } = [];
    public bool HairpinMode { get; init; }
    public string LinkLocalIPv6Address { get; init; } = "";
    public int LinkLocalIPv6PrefixLen { get; init; }
    public IReadOnlyList<NetworkAddress>? SecondaryIPAddresses { get; init; }
    public IReadOnlyList<NetworkAddress>? SecondaryIPv6Addresses { get; init; }
    public string EndpointID { get; init; } = "";
    public string Gateway { get; init; } = "";
    public string GlobalIPv6Address { get; init; } = "";
    public int GlobalIPv6PrefixLen { get; init; }
    public string IPAddress { get; init; } = "";
    public int IPPrefixLen { get; init; }
    public string IPv6Gateway { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public Dictionary<string, EndpointSettings> Networks { get; init; } = [];
}

public sealed record NetworkAddress(string Addr, int PrefixLen);
