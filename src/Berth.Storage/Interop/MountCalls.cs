using System.Runtime.InteropServices;

namespace Berth.Storage.Interop;

/// <summary>
/// mount(2), umount2(2) and the two calls that give one thread a working directory of its own
/// (unshare(CLONE_FS), chdir) so it can mount with relative paths without moving the whole process.
/// </summary>
internal static partial class MountCalls
{
    public const int MntDetach = 2;
    private const int CloneFs = 0x200;

    /// <summary>Calls mount(2); returns 0 or the errno.</summary>
    public static int Mount(string? source, string target, string? type, ulong flags, string? data) =>
        mount(source, target, type, (nuint)flags, data) == 0 ? 0 : Errno.Last;

    /// <summary>Calls umount2(2); returns 0 or the errno.</summary>
    public static int Unmount(string target, int flags) => umount2(target, flags) == 0 ? 0 : Errno.Last;

    /// <summary>
    /// Gives the calling thread its own cwd, root and umask, then moves its cwd to <paramref name="directory"/>.
    /// Only ever call this on a thread that ends right after: the change is that thread's for good.
    /// </summary>
    public static void ChangeThreadDirectory(string directory)
    {
        if (unshare(CloneFs) != 0)
        {
            throw Errno.Error("unshare(CLONE_FS) for", directory, Errno.Last);
        }
        if (chdir(directory) != 0)
        {
            throw Errno.Error("chdir", directory, Errno.Last);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string? source, string target, string? type, nuint flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chdir(string path);
}
