namespace Berth.Api.Models;

/// <summary>
/// NetworkSettings of GET /containers/{id}/json as API 1.51 sends it: the deprecated top-level
/// address fields (from the default bridge endpoint) are still always present, so they are here too.
/// </summary>
public sealed record ContainerNetworkSettings
{
    public string Bridge { get; set; } = "";
    public string SandboxID { get; set; } = "";
    public string SandboxKey { get; set; } = "";
    /// <summary><c>"80/tcp"</c> → bindings; a null value means exposed but not published.</summary>
    public Dictionary<string, IReadOnlyList<PortBinding>?> Ports { get; set; } = [];
    public bool HairpinMode { get; init; }
    public string LinkLocalIPv6Address { get; set; } = "";
    public int LinkLocalIPv6PrefixLen { get; init; }
    public IReadOnlyList<NetworkAddress>? SecondaryIPAddresses { get; init; }
    public IReadOnlyList<NetworkAddress>? SecondaryIPv6Addresses { get; init; }
    public string EndpointID { get; set; } = "";
    public string Gateway { get; set; } = "";
    public string GlobalIPv6Address { get; set; } = "";
    public int GlobalIPv6PrefixLen { get; init; }
    public string IPAddress { get; set; } = "";
    public int IPPrefixLen { get; init; }
    public string IPv6Gateway { get; set; } = "";
    public string MacAddress { get; set; } = "";
    public Dictionary<string, EndpointSettings> Networks { get; set; } = [];
}

public sealed record NetworkAddress(string Addr, int PrefixLen);
