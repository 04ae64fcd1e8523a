using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Berth.Images.Layers;

/// <summary>
/// The few libc calls that .NET does not expose and that applying a layer needs: device nodes, ownership
/// and times without following symlinks, hard links, raw xattrs, and an lstat that tells the file type.
/// Every wrapper checks errno and throws <see cref="IOException"/> with its text.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Native
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int EOPNOTSUPP = 95;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFIFO = 0x1000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;

    /// <summary>What <c>lstat</c> tells: the entry itself, never what a symlink points to.</summary>
    public readonly record struct FileStat(uint Mode, ulong Inode, uint Uid, uint Gid, uint RdevMajor, uint RdevMinor, long MtimeSeconds)
    {
        public uint Type => Mode & S_IFMT;
        public bool IsDirectory => Type == S_IFDIR;
        public bool IsSymlink => Type == S_IFLNK;
    }

    /// <summary>lstat through statx, whose struct layout is the same on every architecture (struct stat is not).</summary>
    public static FileStat? Lstat(string path)
    {
        StatxBuffer buffer;
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, &buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return null;
            }
            throw Error("lstat", path, errno);
        }
        return new FileStat(buffer.Mode, buffer.Inode, buffer.Uid, buffer.Gid, buffer.RdevMajor, buffer.RdevMinor, buffer.MtimeSeconds);
    }

    public static void Mknod(string path, uint mode, uint major, uint minor)
    {
        if (mknod(path, mode, MakeDev(major, minor)) != 0)
        {
            throw Error("mknod", path, Marshal.GetLastPInvokeError());
        }
    }

    public static void Lchown(string path, int uid, int gid)
    {
        if (lchown(path, (uint)uid, (uint)gid) != 0)
        {
            throw Error("lchown", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Creates a hard link to <paramref name="existing"/> itself: linkat without AT_SYMLINK_FOLLOW never follows a symlink.</summary>
    public static void HardLink(string existing, string path)
    {
        if (linkat(AtFdCwd, existing, AtFdCwd, path, 0) != 0)
        {
            throw Error("link", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// Sets an xattr on the entry itself. A file system without xattr support is skipped, as Docker does:
    /// the layer still applies, without what that file system cannot keep.
    /// </summary>
    public static void Lsetxattr(string path, string name, ReadOnlySpan<byte> value)
    {
        int result;
        fixed (byte* data = value)
        {
            result = lsetxattr(path, name, data, (nuint)value.Length, 0);
        }
        var errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (errno is not (0 or EOPNOTSUPP))
        {
            throw Error($"lsetxattr {name}", path, errno);
        }
    }

    /// <summary>Sets access and modification time of the entry itself (a symlink keeps its own times).</summary>
    public static void SetTimes(string path, DateTimeOffset modified)
    {
        var ticks = modified.UtcDateTime.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            // Before 1970: timespec wants a non-negative nanosecond part.
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        var time = new Timespec(seconds, rest * 100);
        var times = stackalloc Timespec[2] { time, time };
        if (utimensat(AtFdCwd, path, times, AtSymlinkNoFollow) != 0)
        {
            throw Error("utimensat", path, Marshal.GetLastPInvokeError());
        }
    }

    private static IOException Error(string operation, string path, int errno) =>
        new($"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}");

    // glibc's makedev: the major's and minor's low and high bits interleave in the 64-bit dev_t.
    private static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) |
        ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    private const uint StatxBasicStats = 0x7FF;

    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, Timespec* times, int flags);
}
