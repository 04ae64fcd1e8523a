namespace Berth.Oci.Runtime;

/// <summary>The container's first process: what to run, as whom, and with which privileges.</summary>
public sealed record ProcessSpec
{
    public bool? Terminal { get; init; }
    public required UserSpec User { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public required string Cwd { get; init; }
    public LinuxCapabilities? Capabilities { get; init; }
    public IReadOnlyList<PosixRlimit>? Rlimits { get; init; }
    public bool? NoNewPrivileges { get; init; }
    public int? OomScoreAdj { get; init; }
}

/// <summary>Numeric ids only: names were resolved against the container's own /etc/passwd and /etc/group.</summary>
public sealed record UserSpec
{
    public required uint Uid { get; init; }
    public required uint Gid { get; init; }
    public uint? Umask { get; init; }
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

/// <summary>Capability sets by name (<c>CAP_CHOWN</c>…), as capabilities(7) defines each set.</summary>
public sealed record LinuxCapabilities
{
    public IReadOnlyList<string>? Bounding { get; init; }
    public IReadOnlyList<string>? Effective { get; init; }
    public IReadOnlyList<string>? Inheritable { get; init; }
    public IReadOnlyList<string>? Permitted { get; init; }
    public IReadOnlyList<string>? Ambient { get; init; }
}

/// <summary>One setrlimit(2) call: <c>RLIMIT_NOFILE</c> and the like.</summary>
public sealed record PosixRlimit
{
    public required string Type { get; init; }
    public required ulong Hard { get; init; }
    public required ulong Soft { get; init; }
}
