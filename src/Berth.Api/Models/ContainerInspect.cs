using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Api.Models;

/// <summary>GET /containers/{id}/json, Docker's shape and order.</summary>
public sealed record ContainerInspect
{
    public required string Id { get; init; }
    /// <summary>RFC 3339 with nanoseconds, as Go writes it.</summary>
    public required string Created { get; init; }
    public required string Path { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required ContainerInspectState State { get; init; }
    /// <summary>The image ID (<c>sha256:…</c>), not the name the user gave.</summary>
    public required string Image { get; init; }
    public string ResolvConfPath { get; set; } = "";
    public string HostnamePath { get; set; } = "";
    public string HostsPath { get; set; } = "";
    public string LogPath { get; set; } = "";
    /// <summary>With the leading slash: <c>"/web"</c>.</summary>
    public required string Name { get; init; }
    public int RestartCount { get; init; }
    public required string Driver { get; init; }
    public required string Platform { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Descriptor? ImageManifestDescriptor { get; init; }
    public string MountLabel { get; set; } = "";
    public string ProcessLabel { get; set; } = "";
    public string AppArmorProfile { get; set; } = "";
    /// <summary>null when the container has no exec instances, as Docker sends it.</summary>
    public IReadOnlyList<string>? ExecIDs { get; init; }
    public required HostConfig HostConfig { get; init; }
    public required GraphDriver GraphDriver { get; init; }
    /// <summary>Only with <c>size=1</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRw { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRootFs { get; init; }
    public required IReadOnlyList<MountPoint> Mounts { get; init; }
    public required ContainerApiConfig Config { get; init; }
    public required ContainerNetworkSettings NetworkSettings { get; init; }
}

/// <summary>The State object of inspect. Times never set are Go's zero time, <c>0001-01-01T00:00:00Z</c>.</summary>
public sealed record ContainerInspectState
{
    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public required string Status { get; init; }
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    public bool OOMKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; set; } = "";
    public required string StartedAt { get; init; }
    public required string FinishedAt { get; init; }
    /// <summary>Present only for containers with a healthcheck.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ContainerHealth? Health { get; init; }
}

public sealed record ContainerHealth
{
    /// <summary>none, starting, healthy or unhealthy.</summary>
    public required string Status { get; init; }
    public int FailingStreak { get; init; }
    public required IReadOnlyList<HealthcheckResult> Log { get; init; }
}

/// <summary>One probe run; Docker keeps the last five.</summary>
public sealed record HealthcheckResult
{
    public required string Start { get; init; }
    public required string End { get; init; }
    public int ExitCode { get; init; }
    public string Output { get; set; } = "";
}
