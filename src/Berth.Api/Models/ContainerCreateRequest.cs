using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>
/// The body of POST /containers/create: the container <see cref="ContainerApiConfig"/> fields at the top level
/// (Go embeds the Config), plus the host and networking parts. Where an inspect view wants only the Config,
/// hand it this object typed as <see cref="ContainerApiConfig"/>: source-generated JSON writes the declared type.
/// </summary>
public sealed record ContainerCreateRequest : ContainerApiConfig
{
    // Serializers write a derived type's members first; Docker writes these two after the Config's.
    [JsonPropertyOrder(1)] public HostConfig? HostConfig { get; init; }
    [JsonPropertyOrder(2)] public NetworkingConfig? NetworkingConfig { get; init; }
}

/// <summary>The answer to POST /containers/create.</summary>
public sealed record ContainerCreateResponse
{
    public required string Id { get; init; }
    /// <summary>Never null: Docker sends <c>[]</c> when there is nothing to warn about.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}

/// <summary>The endpoints to connect at create time, keyed by network name.</summary>
public sealed record NetworkingConfig
{
    public Dictionary<string, EndpointSettings?>? EndpointsConfig { get; init; }
}

/// <summary>
/// One network attachment: the configured part (IPAMConfig … GwPriority) comes from the client, the
/// operational part (NetworkID … DNSNames) is filled by the daemon once connected.
/// </summary>
public sealed record EndpointSettings
{
    public EndpointIpamConfig? IPAMConfig { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public string MacAddress { get; set; } = "";
    public Dictionary<string, string>? DriverOpts { get; init; }
    public int GwPriority { get; init; }
    public string NetworkID { get; set; } = "";
    public string EndpointID { get; set; } = "";
    public string Gateway { get; set; } = "";
    public string IPAddress { get; set; } = "";
    public int IPPrefixLen { get; init; }
    public string IPv6Gateway { get; set; } = "";
    public string GlobalIPv6Address { get; set; } = "";
    public int GlobalIPv6PrefixLen { get; init; }
    public IReadOnlyList<string>? DNSNames { get; init; }
}

/// <summary>Static addresses asked for on one endpoint (<c>--ip</c>, <c>--ip6</c>, <c>--link-local-ip</c>).</summary>
public sealed record EndpointIpamConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IPv4Address { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IPv6Address { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? LinkLocalIPs { get; init; }
}
