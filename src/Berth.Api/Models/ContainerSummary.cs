using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Api.Models;

/// <summary>One row of GET /containers/json.</summary>
public sealed record ContainerSummary
{
    public required string Id { get; init; }
    /// <summary>Names with Docker's historic leading slash: <c>["/web"]</c>.</summary>
    public required IReadOnlyList<string> Names { get; init; }
    /// <summary>The image as the user named it at create time (or its ID if that name has moved on).</summary>
    public required string Image { get; init; }
    public required string ImageID { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Descriptor? ImageManifestDescriptor { get; init; }
    /// <summary>Path and arguments joined with spaces.</summary>
    public required string Command { get; init; }
    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }
    public required IReadOnlyList<ContainerPort> Ports { get; init; }
    /// <summary>Only with <c>size=1</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRw { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRootFs { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public required string State { get; init; }
    /// <summary>Human-readable: "Up 2 minutes", "Exited (0) 3 seconds ago", "Created".</summary>
    public required string Status { get; init; }
    public required ContainerSummaryHostConfig HostConfig { get; init; }
    public required ContainerSummaryNetworkSettings NetworkSettings { get; init; }
    public required IReadOnlyList<MountPoint> Mounts { get; init; }
}

/// <summary>A port a listed container exposes, and where it is published if it is.</summary>
public sealed record ContainerPort
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IP { get; init; }
    public ushort PrivatePort { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ushort PublicPort { get; init; }
    /// <summary>tcp, udp or sctp.</summary>
    public required string Type { get; init; }
}

public sealed record ContainerSummaryHostConfig
{
    public required string NetworkMode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Annotations { get; init; }
}

public sealed record ContainerSummaryNetworkSettings
{
    public required Dictionary<string, EndpointSettings> Networks { get; init; }
}
