using System.Runtime.InteropServices;

namespace Berth.Build.Files;

/// <summary>lchown and lutimes, which .NET does not offer: COPY sets owners and keeps mtimes, symlinks included.</summary>
public static partial class FileOwner
{
    public static void Set(string path, uint uid, uint gid)
    {
        if (Lchown(path, uid, gid) != 0) throw new IOException($"lchown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Lchown(string path, uint uid, uint gid);
}
