using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>GET /networks/{id} (and each row of GET /networks) in API 1.51's shape.</summary>
public sealed record NetworkResource
{
    public string Name { get; set; } = "";
    public string Id { get; set; } = "";
    public string Created { get; set; } = "";
    public string Scope { get; set; } = "local";
    public string Driver { get; set; } = "";
    public bool EnableIPv4 { get; init; } = true;
    public bool EnableIPv6 { get; init; }
    public NetworkIpam IPAM { get; set; } = new();
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public NetworkConfigReference ConfigFrom { get; set; } = new();
    public bool ConfigOnly { get; init; }
    public Dictionary<string, NetworkContainer> Containers { get; set; } = [];
    public Dictionary<string, string> Options { get; set; } = [];
    public Dictionary<string, string> Labels { get; set; } = [];
}

public sealed record NetworkIpam
{
    public string Driver { get; set; } = "default";
    public Dictionary<string, string>? Options { get; init; }
    public IReadOnlyList<NetworkIpamConfig>? Config { get; init; }
}

/// <summary>One address pool: the subnet, the part of it to allocate from, and the gateway.</summary>
public sealed record NetworkIpamConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Subnet { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IPRange { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Gateway { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? AuxiliaryAddresses { get; init; }
}

public sealed record NetworkConfigReference
{
    public string Network { get; set; } = "";
}

/// <summary>A container on the network, as network inspect lists it.</summary>
public sealed record NetworkContainer
{
    public string Name { get; set; } = "";
    public string EndpointID { get; set; } = "";
    public string MacAddress { get; set; } = "";
    public string IPv4Address { get; set; } = "";
    public string IPv6Address { get; set; } = "";
}

/// <summary>The body of POST /networks/create.</summary>
public sealed record NetworkCreateRequest
{
    public string Name { get; set; } = "";
    public string Driver { get; set; } = "";
    public string Scope { get; set; } = "";
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public bool ConfigOnly { get; init; }
    public bool? EnableIPv6 { get; init; }
    public NetworkIpam? IPAM { get; init; }
    public Dictionary<string, string>? Options { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

public sealed record NetworkCreateResponse
{
    public required string Id { get; init; }
    public string Warning { get; set; } = "";
}

/// <summary>The body of POST /networks/{id}/connect and /disconnect.</summary>
public sealed record NetworkConnectRequest
{
    public string Container { get; set; } = "";
    public EndpointSettings? EndpointConfig { get; init; }
    /// <summary>Disconnect only: also for a container that is gone.</summary>
    public bool Force { get; init; }
}

public sealed record NetworkPruneReport
{
    public required IReadOnlyList<string> NetworksDeleted { get; init; }
}
