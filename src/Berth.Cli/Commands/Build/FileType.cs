using System.Runtime.InteropServices;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Whether a path is a regular file, from statx: .NET reports FIFOs, sockets and devices as plain files.
/// statx's buffer has one layout on every architecture, unlike stat's.
/// </summary>
internal static partial class FileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 0x1C;
    private const ushort TypeMask = 0xF000;
    private const ushort Regular = 0x8000;

    public static bool IsRegularFile(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            throw new IOException($"stat {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return (BitConverter.ToUInt16(buffer[ModeOffset..]) & TypeMask) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, ref byte buffer);
}
