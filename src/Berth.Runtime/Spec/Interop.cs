using System.Runtime.InteropServices;

namespace Berth.Runtime.Spec;

/// <summary>The libc calls spec preparation needs that .NET does not offer.</summary>
internal static partial class Interop
{
    /// <summary>Changes a file's owner without following a final symlink.</summary>
    public static void Chown(string path, uint uid, uint gid)
    {
        if (Lchown(path, uid, gid) != 0)
            throw new IOException($"lchown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Lchown(string path, uint uid, uint gid);
}
