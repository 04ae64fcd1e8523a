using System.Runtime.InteropServices;

namespace Berth.Storage.Interop;

/// <summary>The errno values storage code tells apart, and the one way it turns errno into an exception.</summary>
internal static class Errno
{
    public const int ENOENT = 2;
    public const int EBUSY = 16;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ENODATA = 61;
    public const int EOPNOTSUPP = 95;

    public static int Last => Marshal.GetLastPInvokeError();

    public static IOException Error(string operation, string path, int errno) =>
        new($"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
