namespace Berth.Runtime.OciRuntimes;

/// <summary>The runtime spec's state of a container, as <c>runtime state ID</c> prints it.</summary>
public sealed record OciState
{
    public string? OciVersion { get; init; }
    public required string Id { get; init; }
    public required OciStatus Status { get; init; }

    /// <summary>The container's process as the host sees it; 0 once it has stopped.</summary>
    public int Pid { get; init; }

    public required string Bundle { get; init; }
    public DateTimeOffset? Created { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
