namespace Berth.Runtime.Spec;

/// <summary>
/// The parts of <c>docker run</c> (the Engine API's Config and HostConfig) that shape the OCI spec.
/// Values are as the user gave them; <see cref="SpecGenerator"/> validates them and applies Docker's defaults.
/// A null collection or value means the flag was not given.
/// </summary>
public sealed record RunOptions
{
    /// <summary>Replaces the image's Cmd.</summary>
    public IReadOnlyList<string>? Cmd { get; init; }
    /// <summary>Replaces the image's Entrypoint and, unless <see cref="Cmd"/> is given too, clears its Cmd.
    /// An empty list (or <c>[""]</c>) means "no entrypoint".</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary><c>KEY=value</c> to set, or a bare <c>KEY</c> to unset.</summary>
    public IReadOnlyList<string>? Env { get; init; }
    /// <summary><c>uid</c>, <c>uid:gid</c>, <c>name</c> or <c>name:group</c>.</summary>
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public string? Hostname { get; init; }
    public bool Tty { get; init; }
    /// <summary>Keeps stdin open; the supervisor acts on it, the spec does not.</summary>
    public bool OpenStdin { get; init; }
    public bool Privileged { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    /// <summary><c>no-new-privileges[:true|false]</c>, <c>seccomp=unconfined</c>, <c>seccomp=PATH</c> or
    /// <c>seccomp=JSON</c> (the docker CLI sends the file's content), <c>systempaths=unconfined</c>.</summary>
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    public bool ReadOnlyRootfs { get; init; }
    /// <summary>Mount point → comma-separated mount options (<c>--tmpfs /run:rw,size=64m</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }
    /// <summary>Size of /dev/shm in bytes; 0 means Docker's 64 MB.</summary>
    public long ShmSize { get; init; }
    /// <summary>Memory limit in bytes; 0 means none.</summary>
    public long Memory { get; init; }
    /// <summary>Memory plus swap in bytes; -1 unlimited, 0 means twice <see cref="Memory"/>.</summary>
    public long MemorySwap { get; init; }
    public long MemoryReservation { get; init; }
    /// <summary><c>--cpus</c> in billionths of a CPU.</summary>
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    /// <summary>Maximum number of tasks; 0 or negative means unlimited.</summary>
    public long PidsLimit { get; init; }
    /// <summary>Resource name (<c>nofile</c>, <c>nproc</c>…) → limits.</summary>
    public IReadOnlyDictionary<string, Ulimit>? Ulimits { get; init; }
    /// <summary>Extra groups, by name or gid.</summary>
    public IReadOnlyList<string>? GroupAdd { get; init; }
    /// <summary>Run a small init as PID 1 that reaps zombies and forwards signals.</summary>
    public bool Init { get; init; }
    /// <summary>null/"default"/"bridge"/"none"/a network name (own network namespace) or "host".</summary>
    public string? NetworkMode { get; init; }
    /// <summary>The network namespace to join (made and configured by the engine); null means a fresh empty one.</summary>
    public string? NetworkNamespacePath { get; init; }
    /// <summary><c>/host/path:/container/path[:ro|rw][,propagation]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }
    public IReadOnlyList<MountOption>? Mounts { get; init; }
    /// <summary>Overrides the image's StopSignal.</summary>
    public string? StopSignal { get; init; }
    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }
}

/// <summary>One <c>--ulimit name=soft:hard</c>.</summary>
public sealed record Ulimit(long Soft, long Hard);

/// <summary>One <c>--mount</c>: a bind of a host path or a fresh tmpfs. Volumes are resolved into binds by the engine.</summary>
public sealed record MountOption
{
    /// <summary><c>bind</c> or <c>tmpfs</c>.</summary>
    public required string Type { get; init; }
    /// <summary>The host path of a bind; unused for tmpfs.</summary>
    public string? Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>Bind propagation: private, rprivate (default), shared, rshared, slave, rslave.</summary>
    public string? BindPropagation { get; init; }
    /// <summary>tmpfs size in bytes; 0 means the kernel's default.</summary>
    public long TmpfsSize { get; init; }
    /// <summary>tmpfs root directory mode (octal 1777 is /tmp's); null means the kernel's default.</summary>
    public uint? TmpfsMode { get; init; }
}
