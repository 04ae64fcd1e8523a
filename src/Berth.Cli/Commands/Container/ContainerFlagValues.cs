using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Container;

/// <summary>The raw values of the run/create flags, before <see cref="CreateRequestBuilder"/> validates and converts them.</summary>
internal sealed record ContainerFlagValues
{
    public required string Image { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyList<string> Attach { get; init; } = [];
    public bool Interactive { get; init; }
    public bool Tty { get; init; }
    public bool AutoRemove { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> LabelFiles { get; init; } = [];
    public string? Workdir { get; init; }
    public string? User { get; init; }
    /// <summary>null when the flag was not given; "" when given empty, which resets the image's entrypoint.</summary>
    public string? Entrypoint { get; init; }
    public string? Hostname { get; init; }
    /// <summary>null when the flag was not given, so the daemon's default applies.</summary>
    public bool? Init { get; init; }
    public string? Restart { get; init; } = "no";
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public IReadOnlyList<string> Mounts { get; init; } = [];
    /// <summary><c>--volumes-from CONTAINER[:ro|:rw]</c>.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    public IReadOnlyList<string> Tmpfs { get; init; } = [];
    public string? Memory { get; init; }
    public string? MemorySwap { get; init; }
    public string? MemoryReservation { get; init; }
    public string? Cpus { get; init; }
    public long CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public long PidsLimit { get; init; }
    public IReadOnlyList<string> Ulimits { get; init; } = [];
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public bool Privileged { get; init; }
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    public bool ReadOnly { get; init; }
    public string? ShmSize { get; init; }
    public IReadOnlyList<string> GroupAdd { get; init; } = [];
    public IReadOnlyList<string> Networks { get; init; } = [];
    public ContainerNetworkFlagValues Networking { get; init; } = new();
    public HealthcheckOptions Health { get; init; } = new(null, null, null, null, null, 0, false);
    public string? LogDriver { get; init; }
    public IReadOnlyList<string> LogOpts { get; init; } = [];
    public string? Runtime { get; init; }
    public string? Name { get; init; }
}
