namespace Berth.Oci.Runtime;

/// <summary>
/// The OCI runtime bundle's <c>config.json</c> (runtime-spec 1.1): what crun or runc needs to start one
/// container. Serialise it with <see cref="RuntimeJsonContext"/>, which writes the spec's camelCase names
/// and leaves out every unset (null) field, so a runtime applies its own default for it.
/// </summary>
public sealed record RuntimeSpec
{
    /// <summary>The spec version this document follows; runc 1.1 and crun 1.8 both read 1.1.0 documents.</summary>
    public const string Version = "1.1.0";

    public string OciVersion { get; init; } = Version;
    public required ProcessSpec Process { get; init; }
    public required RootSpec Root { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyList<MountSpec>? Mounts { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public LinuxSpec? Linux { get; init; }
}

/// <summary>The container's root filesystem: an absolute path or one relative to the bundle.</summary>
public sealed record RootSpec
{
    public required string Path { get; init; }
    public bool? Readonly { get; init; }
}

/// <summary>One mount the runtime makes inside the container, in list order (parents before children).</summary>
public sealed record MountSpec
{
    public required string Destination { get; init; }
    public string? Type { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
}
