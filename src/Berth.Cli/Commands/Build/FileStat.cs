using System.Runtime.InteropServices;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// A context entry's own metadata, from statx without following symlinks: .NET reports FIFOs, sockets and devices
/// as plain files, and gives a dangling symlink no mtime at all. statx's buffer has one layout on every
/// architecture, unlike stat's.
/// </summary>
internal readonly partial record struct FileStat(bool IsRegularFile, UnixFileMode Mode, long Size, DateTimeOffset ModificationTime)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxMtime = 0x40;
    private const uint StatxSizeField = 0x200;
    private const int StatxSize = 256;
    private const int ModeOffset = 0x1C;
    private const int SizeOffset = 0x28;
    private const int MtimeOffset = 0x70;
    private const ushort PermissionMask = 0xFFF;
    private const ushort TypeMask = 0xF000;
    private const ushort Regular = 0x8000;

    public static FileStat Of(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Native.Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxSizeField | StatxMtime, ref MemoryMarshal.GetReference(buffer)) != 0)
            throw new IOException($"stat {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var seconds = BitConverter.ToInt64(buffer[MtimeOffset..]);
        var nanoseconds = BitConverter.ToUInt32(buffer[(MtimeOffset + 8)..]);
        var mode = BitConverter.ToUInt16(buffer[ModeOffset..]);
        return new FileStat(
            (mode & TypeMask) == Regular,
            (UnixFileMode)(mode & PermissionMask),
            BitConverter.ToInt64(buffer[SizeOffset..]),
            DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(nanoseconds / 100));
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        public static partial int Statx(int dirFd, string path, int flags, uint mask, ref byte buffer);
    }
}
