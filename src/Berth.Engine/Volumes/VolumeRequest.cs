namespace Berth.Engine.Volumes;

/// <summary>
/// A volume a create request asks for: <c>-v NAME:/path[:opts]</c>, <c>--mount type=volume,…</c>, or a path in
/// Config.Volumes (<c>-v /path</c> and the image's VOLUME). Turned into <see cref="ContainerMount"/>s at create.
/// </summary>
public sealed record VolumeRequest
{
    /// <summary>The volume's name; null for a new anonymous volume.</summary>
    public string? Name { get; init; }
    public required string Destination { get; init; }
    public bool ReadOnly { get; init; }
    public string Mode { get; init; } = "";
    public bool NoCopy { get; init; }
    /// <summary>For a volume created on demand: the driver (only <c>local</c> exists), its options and labels.</summary>
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOptions { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>From Config.Volumes: yields to any other mount at the same destination, as Docker's do.</summary>
    public bool Implicit { get; init; }
}
