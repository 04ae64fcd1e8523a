namespace Berth.Api.Models;

/// <summary>GET /version.</summary>
public sealed record SystemVersion
{
    public required VersionPlatform Platform { get; init; }
    public required IReadOnlyList<VersionComponent> Components { get; init; }
    public required string Version { get; init; }
    public required string ApiVersion { get; init; }
    public required string MinAPIVersion { get; init; }
    public required string GitCommit { get; init; }
    public required string GoVersion { get; init; }
    public required string Os { get; init; }
    public required string Arch { get; init; }
    public required string KernelVersion { get; init; }
    public required string BuildTime { get; init; }
    public bool Experimental { get; init; }
}

public sealed record VersionPlatform(string Name);

public sealed record VersionComponent(string Name, string Version, Dictionary<string, string>? Details);
