using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// A seccomp profile in Docker's file format (<c>docker run --security-opt seccomp=profile.json</c>): like
/// the spec's filter, but rules may depend on the container's capabilities, the host architecture and the
/// kernel version, and architectures may be given per host architecture (<c>archMap</c>).
/// <see cref="SeccompResolver"/> decides those conditions for one container.
/// </summary>
internal sealed record SeccompProfile
{
    public required string DefaultAction { get; init; }
    public uint? DefaultErrnoRet { get; init; }
    public IReadOnlyList<string>? Architectures { get; init; }
    public IReadOnlyList<SeccompArchMap>? ArchMap { get; init; }
    public IReadOnlyList<SeccompRule>? Syscalls { get; init; }
    public IReadOnlyList<string>? Flags { get; init; }
    public string? ListenerPath { get; init; }
    public string? ListenerMetadata { get; init; }
}

/// <summary>The seccomp architectures to cover when the host is <see cref="Architecture"/>.</summary>
internal sealed record SeccompArchMap
{
    public required string Architecture { get; init; }
    public IReadOnlyList<string>? SubArchitectures { get; init; }
}

internal sealed record SeccompRule
{
    /// <summary>The older single-name form; a rule has this or <see cref="Names"/>.</summary>
    public string? Name { get; init; }
    public IReadOnlyList<string>? Names { get; init; }
    public required string Action { get; init; }
    public uint? ErrnoRet { get; init; }
    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }
    public string? Comment { get; init; }
    /// <summary>The rule applies only if all of these hold.</summary>
    public SeccompFilter? Includes { get; init; }
    /// <summary>The rule is dropped if any of these holds.</summary>
    public SeccompFilter? Excludes { get; init; }
}

internal sealed record SeccompFilter
{
    public IReadOnlyList<string>? Caps { get; init; }
    /// <summary>Go architecture names (amd64, arm64, 386, arm…), matched against the host's.</summary>
    public IReadOnlyList<string>? Arches { get; init; }
    /// <summary>"major.minor": the oldest kernel the rule applies to.</summary>
    public string? MinKernel { get; init; }
}
