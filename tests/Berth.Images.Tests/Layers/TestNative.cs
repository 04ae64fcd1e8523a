using System.Runtime.InteropServices;

namespace Berth.Images.Tests.Layers;

/// <summary>Reads back what the applier wrote and .NET cannot show: raw xattrs.</summary>
internal static unsafe partial class TestNative
{
    public static byte[] Lgetxattr(string path, string name)
    {
        var buffer = new byte[4096];
        nint length;
        fixed (byte* data = buffer)
        {
            length = lgetxattr(path, name, data, (nuint)buffer.Length);
        }
        if (length < 0)
        {
            throw new IOException($"lgetxattr {name} {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return buffer[..(int)length];
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte* value, nuint size);
}
