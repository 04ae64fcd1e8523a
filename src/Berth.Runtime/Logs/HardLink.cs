using System.Runtime.InteropServices;

namespace Berth.Runtime.Logs;

/// <summary>link(2), which .NET lacks: a second name for a file, so that it outlives a rename over its first.</summary>
internal static partial class HardLink
{
    private const int AlreadyExists = 17;

    /// <summary>Links <paramref name="path"/> to the file at <paramref name="existing"/>; false if <paramref name="path"/> is taken.</summary>
    public static bool TryCreate(string existing, string path)
    {
        if (link(existing, path) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        return errno == AlreadyExists ? false : throw new IOException($"cannot link {path} to {existing}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string existing, string path);
}
