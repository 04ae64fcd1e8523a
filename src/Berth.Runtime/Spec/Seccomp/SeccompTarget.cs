namespace Berth.Runtime.Spec.Seccomp;

/// <summary>What a profile's conditions are decided against: the container's final capabilities and the host.</summary>
public sealed record SeccompTarget
{
    /// <summary>Capability names (<c>CAP_SYS_ADMIN</c>…) in the container's bounding set.</summary>
    public required IReadOnlyCollection<string> Capabilities { get; init; }
    /// <summary>Go's architecture name for the host: amd64, arm64, 386, arm.</summary>
    public required string Architecture { get; init; }
    public required Version KernelVersion { get; init; }
}
