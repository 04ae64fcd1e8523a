namespace Berth.Oci.Runtime;

/// <summary>
/// A resolved seccomp filter as the runtime installs it: no capability or kernel conditions are left,
/// those were decided when the spec was generated.
/// </summary>
public sealed record LinuxSeccomp
{
    /// <summary>SCMP_ACT_ERRNO, SCMP_ACT_ALLOW, SCMP_ACT_KILL…: what happens to a syscall no rule names.</summary>
    public required string DefaultAction { get; init; }
    public uint? DefaultErrnoRet { get; init; }
    /// <summary>SCMP_ARCH_X86_64 and the like: the ABIs the filter covers (others are killed by the kernel filter).</summary>
    public IReadOnlyList<string>? Architectures { get; init; }
    public IReadOnlyList<string>? Flags { get; init; }
    public string? ListenerPath { get; init; }
    public string? ListenerMetadata { get; init; }
    public IReadOnlyList<LinuxSyscall>? Syscalls { get; init; }
}

public sealed record LinuxSyscall
{
    public required IReadOnlyList<string> Names { get; init; }
    public required string Action { get; init; }
    public uint? ErrnoRet { get; init; }
    /// <summary>All must match for the rule to apply.</summary>
    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }
}

/// <summary>A comparison on one syscall argument (SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ…).</summary>
public sealed record LinuxSeccompArg
{
    public required uint Index { get; init; }
    public required ulong Value { get; init; }
    public ulong? ValueTwo { get; init; }
    public required string Op { get; init; }
}
