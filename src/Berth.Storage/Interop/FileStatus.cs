namespace Berth.Storage.Interop;

/// <summary>
/// What lstat tells about an entry itself (never what a symlink points to): the fields a copy, a diff
/// and a disk-usage count need.
/// </summary>
internal readonly record struct FileStatus(
    uint Mode, uint Uid, uint Gid, uint LinkCount, ulong Inode, ulong Device, long Size, long Blocks,
    long MtimeSeconds, uint MtimeNanoseconds, uint RdevMajor, uint RdevMinor)
{
    public const uint TypeMask = 0xF000;
    public const uint Fifo = 0x1000;
    public const uint CharDevice = 0x2000;
    public const uint Directory = 0x4000;
    public const uint BlockDevice = 0x6000;
    public const uint Regular = 0x8000;
    public const uint Symlink = 0xA000;
    public const uint Socket = 0xC000;

    public uint Type => Mode & TypeMask;

    /// <summary>Permission bits with setuid, setgid and sticky.</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    public bool IsDirectory => Type == Directory;
    public bool IsRegular => Type == Regular;
    public bool IsSymlink => Type == Symlink;

    /// <summary>An overlayfs whiteout: a character device 0:0 in an upper directory.</summary>
    public bool IsWhiteout => Type == CharDevice && RdevMajor == 0 && RdevMinor == 0;

    /// <summary>Identity of the inode, to find hard links.</summary>
    public (ulong Device, ulong Inode) Identity => (Device, Inode);

    public DateTimeOffset Mtime =>
        DateTimeOffset.UnixEpoch.AddTicks((MtimeSeconds * TimeSpan.TicksPerSecond) + (MtimeNanoseconds / 100));
}
