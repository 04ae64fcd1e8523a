namespace Berth.Engine.Volumes;

/// <summary>
/// One volume of the <c>local</c> driver: its data lives in <see cref="VolumeLayout.DataPath"/>. Options and
/// labels are kept as given (null when the request had none, as Docker reports them).
/// </summary>
/// <param name="Options">The local driver's <c>type</c>, <c>o</c> and <c>device</c>: when set, the device is mounted
/// on the data directory while a container uses the volume (<see cref="LocalDriverOptions"/>).</param>
public sealed record VolumeRecord(
    string Name,
    string Driver,
    IReadOnlyDictionary<string, string>? Options,
    IReadOnlyDictionary<string, string>? Labels,
    DateTimeOffset CreatedAt)
{
    /// <summary>The label Docker (API 1.42+) puts on volumes created without a name; prune removes only those by default.</summary>
    public const string AnonymousLabel = "com.docker.volume.anonymous";

    public const string LocalDriver = "local";

    public bool IsAnonymous => Labels?.ContainsKey(AnonymousLabel) == true;

    /// <summary>A device to mount at first use, rather than a plain directory.</summary>
    public bool NeedsMount => LocalDriverOptions.NeedsMount(Options);
}
