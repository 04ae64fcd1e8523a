using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Storage.Interop;

/// <summary>
/// The libc calls that copying and diffing trees need and .NET lacks: lstat with inode, device and
/// nanosecond mtime; raw xattrs; ownership, device nodes, hard links and times of the entry itself.
/// Every wrapper checks errno and throws <see cref="IOException"/> with its text.
/// </summary>
internal static unsafe partial class FileCalls
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;

    /// <summary>lstat through statx (one struct layout on every architecture); null when nothing is there.</summary>
    public static FileStatus? Lstat(string path)
    {
        StatxBuffer b;
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, &b) != 0)
        {
            var errno = Errno.Last;
            return errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw Errno.Error("lstat", path, errno);
        }
        var device = ((ulong)b.DevMajor << 32) | b.DevMinor;
        return new FileStatus(b.Mode, b.Uid, b.Gid, b.Nlink, b.Inode, device, (long)b.Size, (long)b.Blocks,
            b.MtimeSeconds, b.MtimeNanoseconds, b.RdevMajor, b.RdevMinor);
    }

    public static FileStatus LstatExisting(string path) =>
        Lstat(path) ?? throw Errno.Error("lstat", path, Errno.ENOENT);

    /// <summary>The entry's own xattrs, name → raw value; empty where the file system keeps none.</summary>
    public static SortedDictionary<string, byte[]> ReadXattrs(string path)
    {
        var xattrs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var names = ReadSized(size =>
        {
            fixed (byte* list = size)
            {
                return llistxattr(path, list, (nuint)size.Length);
            }
        }, "llistxattr", path);
        foreach (var name in Encoding.UTF8.GetString(names).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = ReadSized(buffer =>
            {
                fixed (byte* data = buffer)
                {
                    return lgetxattr(path, name, data, (nuint)buffer.Length);
                }
            }, $"lgetxattr {name}", path);
            xattrs[name] = value;
        }
        return xattrs;
    }

    /// <summary>Sets an xattr on the entry itself; a file system without xattrs skips it, as Docker does.</summary>
    public static void SetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        int result;
        fixed (byte* data = value)
        {
            result = lsetxattr(path, name, data, (nuint)value.Length, 0);
        }
        if (result != 0 && Errno.Last is var errno and not Errno.EOPNOTSUPP)
        {
            throw Errno.Error($"lsetxattr {name}", path, errno);
        }
    }

    public static void Lchown(string path, uint uid, uint gid)
    {
        if (lchown(path, uid, gid) != 0)
        {
            throw Errno.Error("lchown", path, Errno.Last);
        }
    }

    /// <summary>Makes a device node or fifo: <paramref name="mode"/> holds the type bits.</summary>
    public static void Mknod(string path, uint mode, uint major, uint minor)
    {
        // glibc's makedev: the major's and minor's low and high bits interleave in the 64-bit dev_t.
        var dev = ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) |
                  ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
        if (mknod(path, mode, dev) != 0)
        {
            throw Errno.Error("mknod", path, Errno.Last);
        }
    }

    /// <summary>A hard link to <paramref name="existing"/> itself, never to what a symlink there points to.</summary>
    public static void HardLink(string existing, string path)
    {
        if (linkat(AtFdCwd, existing, AtFdCwd, path, 0) != 0)
        {
            throw Errno.Error("link", path, Errno.Last);
        }
    }

    /// <summary>Sets access and modification time of the entry itself, to the nanosecond.</summary>
    public static void SetTimes(string path, long seconds, uint nanoseconds)
    {
        var times = stackalloc Timespec[2] { new(seconds, nanoseconds), new(seconds, nanoseconds) };
        if (utimensat(AtFdCwd, path, times, AtSymlinkNoFollow) != 0)
        {
            throw Errno.Error("utimensat", path, Errno.Last);
        }
    }

    // The list/get calls: ask for the size, read, and ask again if the value grew in between (ERANGE).
    private static byte[] ReadSized(Func<byte[], nint> call, string operation, string path)
    {
        while (true)
        {
            var size = call([]);
            if (size < 0)
            {
                var errno = Errno.Last;
                return errno is Errno.EOPNOTSUPP or Errno.ENODATA ? [] : throw Errno.Error(operation, path, errno);
            }
            var buffer = new byte[size];
            var read = size == 0 ? 0 : call(buffer);
            if (read >= 0)
            {
                return buffer[..(int)read];
            }
            if (Errno.Last is var errno2 and not Errno.ERANGE)
            {
                throw Errno.Error(operation, path, errno2);
            }
        }
    }

    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint llistxattr(string path, byte* list, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, Timespec* times, int flags);
}
