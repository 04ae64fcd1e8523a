using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>
/// The host-dependent part of a container (Go's <c>container.HostConfig</c> with its embedded <c>Resources</c>
/// flattened in). Every field Docker always sends is here, in Docker's order, so <c>docker inspect</c> output
/// lines up with dockerd's; Go pointers and nil slices are the nullable members. Members Docker leaves out
/// when empty (Annotations, StorageOpt, Tmpfs, Sysctls, Runtime, Mounts, Init) are left out when null, so
/// views must set them to null rather than to an empty collection.
/// </summary>
public sealed record HostConfig
{
    /// <summary><c>host-src:container-dest[:options]</c> or <c>volume:container-dest[:options]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }
    public string ContainerIDFile { get; set; } = "";
    public LogConfig LogConfig { get; set; } = new();
    public string NetworkMode { get; set; } = "";
    /// <summary><c>"80/tcp"</c> → the host bindings for it.</summary>
    public Dictionary<string, IReadOnlyList<PortBinding>?>? PortBindings { get; init; }
    public RestartPolicy RestartPolicy { get; set; } = new();
    public bool AutoRemove { get; init; }
    public string VolumeDriver { get; set; } = "";
    public IReadOnlyList<string>? VolumesFrom { get; init; }
    /// <summary>Height and width of the tty, in characters.</summary>
    public IReadOnlyList<uint> ConsoleSize { get; set; } = [0, 0];
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Annotations { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public string CgroupnsMode { get; set; } = "";
    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? DnsOptions { get; init; }
    public IReadOnlyList<string>? DnsSearch { get; init; }
    /// <summary><c>host:ip</c> lines for /etc/hosts.</summary>
    public IReadOnlyList<string>? ExtraHosts { get; init; }
    public IReadOnlyList<string>? GroupAdd { get; init; }
    public string IpcMode { get; set; } = "";
    public string Cgroup { get; set; } = "";
    public IReadOnlyList<string>? Links { get; init; }
    public int OomScoreAdj { get; init; }
    public string PidMode { get; set; } = "";
    public bool Privileged { get; init; }
    public bool PublishAllPorts { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? StorageOpt { get; init; }
    /// <summary>Mount point → comma-separated tmpfs options.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Tmpfs { get; init; }
    public string UTSMode { get; set; } = "";
    public string UsernsMode { get; set; } = "";
    /// <summary>Size of /dev/shm in bytes; 0 means the daemon's default.</summary>
    public long ShmSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Sysctls { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Runtime { get; init; }
    public string Isolation { get; set; } = "";

    // Resources (also the body of POST /containers/{id}/update).
    public long CpuShares { get; init; }
    public long Memory { get; init; }
    /// <summary>CPU quota in billionths of a CPU (<c>--cpus</c>).</summary>
    public long NanoCpus { get; init; }
    public string CgroupParent { get; set; } = "";
    public ushort BlkioWeight { get; init; }
    public IReadOnlyList<WeightDevice>? BlkioWeightDevice { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadBps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteBps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadIOps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteIOps { get; init; }
    public long CpuPeriod { get; init; }
    public long CpuQuota { get; init; }
    public long CpuRealtimePeriod { get; init; }
    public long CpuRealtimeRuntime { get; init; }
    public string CpusetCpus { get; set; } = "";
    public string CpusetMems { get; set; } = "";
    public IReadOnlyList<DeviceMapping>? Devices { get; init; }
    public IReadOnlyList<string>? DeviceCgroupRules { get; init; }
    public IReadOnlyList<DeviceRequest>? DeviceRequests { get; init; }
    public long MemoryReservation { get; init; }
    /// <summary>Memory plus swap; -1 unlimited, 0 means twice Memory.</summary>
    public long MemorySwap { get; init; }
    public long? MemorySwappiness { get; init; }
    public bool? OomKillDisable { get; init; }
    /// <summary>Maximum number of tasks; null, 0 or -1 means unlimited.</summary>
    public long? PidsLimit { get; init; }
    public IReadOnlyList<ResourceUlimit>? Ulimits { get; init; }
    public long CpuCount { get; init; }
    public long CpuPercent { get; init; }
    public ulong IOMaximumIOps { get; init; }
    public ulong IOMaximumBandwidth { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<HostMount>? Mounts { get; init; }
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    /// <summary>Run an init as PID 1; null means the daemon's default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Init { get; init; }
}

/// <summary>The logging driver and its options (<c>--log-driver</c>, <c>--log-opt</c>); empty Type means the daemon's default.</summary>
public sealed record LogConfig
{
    public string Type { get; set; } = "";
    public Dictionary<string, string>? Config { get; init; }
}

/// <summary>
/// <c>--restart</c>: Name is "", "no", "always", "unless-stopped" or "on-failure"; MaximumRetryCount only
/// applies to on-failure.
/// </summary>
public sealed record RestartPolicy
{
    public string Name { get; set; } = "";
    public int MaximumRetryCount { get; init; }
}

/// <summary>One host address and port a container port is published on; empty means any / an ephemeral port.</summary>
public sealed record PortBinding
{
    public string HostIp { get; set; } = "";
    public string HostPort { get; set; } = "";
}
