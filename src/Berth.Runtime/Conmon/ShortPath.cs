using System.Globalization;
using System.Runtime.InteropServices;
using Berth.Oci;

namespace Berth.Runtime.Conmon;

/// <summary>
/// A short name for a directory with a long path: an <c>O_PATH</c> descriptor of it, reached as
/// <c>/proc/self/fd/N</c> for as long as this object lives.
/// </summary>
internal sealed partial class ShortPath : IDisposable
{
    private const int OpenPath = 0x200000;
    private const int OpenDirectory = 0x10000;
    private const int OpenCloseOnExec = 0x80000;

    private int _fd;

    private ShortPath(int fd) => _fd = fd;

    public string Path => "/proc/self/fd/" + _fd.ToString(CultureInfo.InvariantCulture);

    /// <exception cref="BerthException">NotFound when the directory does not exist.</exception>
    public static ShortPath Open(string directory)
    {
        var fd = OpenFile(directory, OpenPath | OpenDirectory | OpenCloseOnExec);
        if (fd < 0) throw BerthException.NotFound($"cannot open {directory}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return new ShortPath(fd);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
