using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>
/// One <c>--mount</c> in HostConfig.Mounts (Go's <c>mount.Mount</c>). Named apart from Berth.Storage's
/// <c>Mount</c>; every member but Type is omitted when empty, as Docker does.
/// </summary>
public sealed record HostMount
{
    /// <summary><c>bind</c>, <c>volume</c>, <c>tmpfs</c>, <c>image</c>, <c>npipe</c> or <c>cluster</c>.</summary>
    public required string Type { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Source { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Target { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ReadOnly { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Consistency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MountBindOptions? BindOptions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MountVolumeOptions? VolumeOptions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MountImageOptions? ImageOptions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MountTmpfsOptions? TmpfsOptions { get; init; }
}

public sealed record MountBindOptions
{
    /// <summary>private, rprivate, shared, rshared, slave or rslave.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Propagation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool NonRecursive { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool CreateMountpoint { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ReadOnlyNonRecursive { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ReadOnlyForceRecursive { get; init; }
}

public sealed record MountVolumeOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool NoCopy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Labels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Subpath { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MountVolumeDriver? DriverConfig { get; init; }
}

public sealed record MountVolumeDriver
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Options { get; init; }
}

public sealed record MountImageOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Subpath { get; init; }
}

public sealed record MountTmpfsOptions
{
    /// <summary>Size in bytes; 0 means the kernel's default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long SizeBytes { get; init; }
    /// <summary>Permission bits as a plain number (decimal on the wire: 1777 octal is 1023).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public uint Mode { get; init; }
    /// <summary>Extra mount options as <c>[name]</c> or <c>[name, value]</c> pairs (API 1.46).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<IReadOnlyList<string>>? Options { get; init; }
}

/// <summary>One mount as inspect and list report it (Go's <c>container.MountPoint</c>).</summary>
public sealed record MountPoint
{
    public required string Type { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    public required string Source { get; init; }
    public required string Destination { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Driver { get; init; }
    /// <summary>The options as given (<c>"ro"</c>, <c>"z"</c>…), often empty.</summary>
    public string Mode { get; set; } = "";
    public bool RW { get; init; }
    public string Propagation { get; set; } = "";
}
