using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Logs;

/// <summary>
/// Which inode a path or an open file is: how log rotation tells that conmon has moved to a new file, and
/// that two names (a rotated file, the live one) are the same file for a moment.
/// </summary>
internal static unsafe partial class FileIdentity
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;

    /// <summary>The inode at <paramref name="path"/> (following symlinks); null when nothing is there.</summary>
    public static ulong? Of(string path)
    {
        StatxBuffer b;
        return statx(AtFdCwd, path, 0, StatxIno, &b) == 0 ? b.Inode : null;
    }

    /// <summary>The inode of an open file, whatever its names are now.</summary>
    public static ulong? Of(SafeFileHandle handle)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            StatxBuffer b;
            return statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxIno, &b) == 0 ? b.Inode : null;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>statx's struct: one layout on every architecture (unlike stat's); only the inode is read.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(32)] public ulong Inode;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, StatxBuffer* buffer);
}
