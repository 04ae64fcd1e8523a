namespace Berth.Api.Models;

/// <summary>One <c>--ulimit name=soft:hard</c> (Docker's field order: Name, Hard, Soft).</summary>
public sealed record ResourceUlimit
{
    public required string Name { get; init; }
    public long Hard { get; init; }
    public long Soft { get; init; }
}

/// <summary>One <c>--device host:container:rwm</c>.</summary>
public sealed record DeviceMapping
{
    public string PathOnHost { get; set; } = "";
    public string PathInContainer { get; set; } = "";
    public string CgroupPermissions { get; set; } = "";
}

/// <summary>One <c>--gpus</c> style request for devices from a device driver.</summary>
public sealed record DeviceRequest
{
    public string Driver { get; set; } = "";
    public int Count { get; init; }
    public IReadOnlyList<string>? DeviceIDs { get; init; }
    public IReadOnlyList<IReadOnlyList<string>>? Capabilities { get; init; }
    public Dictionary<string, string>? Options { get; init; }
}

/// <summary>A block-IO weight for one device (<c>--blkio-weight-device</c>).</summary>
public sealed record WeightDevice
{
    public string Path { get; set; } = "";
    public ushort Weight { get; init; }
}

/// <summary>A block-IO rate limit for one device (<c>--device-read-bps</c> and friends).</summary>
public sealed record ThrottleDevice
{
    public string Path { get; set; } = "";
    public ulong Rate { get; init; }
}
