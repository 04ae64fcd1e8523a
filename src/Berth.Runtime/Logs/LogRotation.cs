namespace Berth.Runtime.Logs;

/// <summary>
/// Docker's json-file rotation settings: each file at most <paramref name="MaxSize"/> bytes (0: no limit), at
/// most <paramref name="MaxFiles"/> files counting the live one.
/// </summary>
public sealed record LogRotation(long MaxSize, int MaxFiles)
{
    /// <summary>Whether the daemon moves full files aside (<see cref="LogRotator"/>); with one file conmon's cap does it all.</summary>
    public bool RotatesFiles => MaxSize > 0 && MaxFiles > 1;

    /// <summary>
    /// conmon's own cap (<c>--log-size-max</c>), past which it starts the file afresh. With one file that is
    /// Docker's behaviour exactly. With more, the daemon rotates at <see cref="MaxSize"/> and conmon's cap is a
    /// backstop that bounds the disk while the daemon is away; conmon counts bytes across reopens, so it is sized
    /// as the whole set, and what it replaces survives as the pending file.
    /// </summary>
    public long ConmonSizeMax => MaxSize <= 0 ? 0 : RotatesFiles ? MaxSize * MaxFiles : MaxSize;
}
