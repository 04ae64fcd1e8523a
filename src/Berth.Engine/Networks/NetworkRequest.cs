namespace Berth.Engine.Networks;

/// <summary>
/// What a container's create request asks of networking: the mode (<c>default</c>/<c>bridge</c>, a network
/// name, <c>host</c>, <c>none</c>, <c>container:ID</c>), the networks to join with their endpoint settings,
/// the ports to publish, and the resolver settings.
/// </summary>
public sealed record NetworkRequest
{
    public string Mode { get; init; } = "default";
    /// <summary>Network name or id → endpoint settings, besides the mode's own network.</summary>
    public IReadOnlyDictionary<string, EndpointConfig> Endpoints { get; init; } = new Dictionary<string, EndpointConfig>();
    public IReadOnlyList<PortRequest> Ports { get; init; } = [];
    /// <summary><c>-P</c>: every exposed port not given with <c>-p</c> gets a random host port.</summary>
    public bool PublishAll { get; init; }
    /// <summary>The image's and the request's exposed ports, <c>80/tcp</c>.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    public static NetworkRequest Default { get; } = new();

    /// <summary>The mode names that are not networks to join.</summary>
    public bool IsHost => Mode == "host";
    public bool IsNone => Mode == "none";
    /// <summary>The container whose namespace this one joins (<c>container:ID</c>), or null.</summary>
    public string? JoinedContainer => Mode.StartsWith("container:", StringComparison.Ordinal) ? Mode["container:".Length..] : null;
}

/// <summary>One endpoint's settings: <c>--network-alias</c>, <c>--ip</c>, <c>--mac-address</c>.</summary>
public sealed record EndpointConfig
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? IPv4Address { get; init; }
    public string? MacAddress { get; init; }
}

/// <summary>One <c>-p</c>: the container port and protocol, and the host side (port 0: a random one).</summary>
public sealed record PortRequest(int ContainerPort, string Protocol, string HostIp, int HostPort);
