namespace Berth.Engine.Volumes;

/// <summary>
/// A mount a container was given at create besides its own binds: a volume (named, anonymous or from the image's
/// VOLUME), or a bind inherited through <c>--volumes-from</c>. Kept so the container starts with the same volumes
/// every time, and so a volume knows who uses it.
/// </summary>
/// <param name="Type"><c>volume</c> or <c>bind</c>.</param>
/// <param name="Source">The volume's name, or the host path of a bind.</param>
/// <param name="Mode">The mode as inspect shows it (<c>z</c>, <c>ro</c>, or empty).</param>
/// <param name="NoCopy">Don't fill an empty volume with the image's content at the destination.</param>
/// <param name="Anonymous">The container's spec named no volume (<c>-v /path</c>, VOLUME): <c>rm -v</c> removes it.</param>
public sealed record ContainerMount(
    string Destination,
    string Type,
    string Source,
    bool ReadOnly,
    string Mode,
    bool NoCopy,
    bool Anonymous)
{
    public const string VolumeType = "volume";
    public const string BindType = "bind";

    public bool IsVolume => Type == VolumeType;
}
