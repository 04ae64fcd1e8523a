using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Berth.Oci;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Messages to a running conmon through its control fifo, <c>BUNDLE/ctl</c> (a container's bundle, or an exec
/// session's directory).
/// </summary>
/// <remarks>
/// <para>
/// The protocol is one text line per message, <c>TYPE HEIGHT WIDTH\n</c>, all three decimal: type 1 resizes the
/// process's terminal to HEIGHT rows by WIDTH columns (conmon passes it on to the pty with TIOCSWINSZ, and the
/// process gets SIGWINCH); type 2 reopens the log files and ignores the numbers. conmon reads the fifo from its
/// event loop, so a resize takes effect a moment after the write returns, not before.
/// </para>
/// <para>
/// One message per open and write: conmon 2.1.x handles every line of one read as if it were the first, so two
/// messages that arrive together apply the first twice.
/// </para>
/// </remarks>
public static partial class ConmonControl
{
    private const int WindowResizeEvent = 1;
    private const int ReopenLogsEvent = 2;

    private const int OpenWriteOnly = 0x1;
    private const int OpenNonBlocking = 0x800;
    private const int OpenCloseOnExec = 0x80000;
    private const int NoSuchFile = 2;
    private const int NoReader = 6;

    /// <summary>Resizes the terminal of a process that has one (<c>Tty</c>); conmon ignores it for one without.</summary>
    /// <exception cref="BerthException">
    /// <see cref="ErrorKind.NotFound"/> when the bundle has no control fifo, <see cref="ErrorKind.Conflict"/> when
    /// its conmon has exited.
    /// </exception>
    public static async Task ResizeAsync(string bundlePath, int height, int width, CancellationToken cancellationToken = default)
    {
        // The kernel's winsize holds rows and columns as unsigned shorts.
        if (height is < 0 or > ushort.MaxValue || width is < 0 or > ushort.MaxValue)
            throw BerthException.Invalid($"terminal size {height}x{width} is out of range (0 to {ushort.MaxValue})");
        var message = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{WindowResizeEvent} {height} {width}\n"));
        using var fifo = OpenForWriting(Path.Combine(bundlePath, "ctl"));
        await using var stream = new FileStream(fifo, FileAccess.Write, bufferSize: 0);
        await stream.WriteAsync(message, cancellationToken);
    }

    /// <summary>
    /// Makes conmon close the log and start a new file at the log's path (log rotation moved the old one away).
    /// Same errors as <see cref="ResizeAsync"/>.
    /// </summary>
    public static async Task ReopenLogsAsync(string bundlePath, CancellationToken cancellationToken = default)
    {
        // conmon wants three numbers whatever the type; the two sizes are not used by this one.
        var message = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ReopenLogsEvent} 0 0\n"));
        using var fifo = OpenForWriting(Path.Combine(bundlePath, "ctl"));
        await using var stream = new FileStream(fifo, FileAccess.Write, bufferSize: 0);
        await stream.WriteAsync(message, cancellationToken);
    }

    /// <summary>
    /// Opens the fifo without waiting for a reader. A plain open for writing blocks until someone opens the other
    /// end, which is forever once conmon is gone; non-blocking, it fails at once instead (ENXIO). A message this
    /// short is written whole or not at all, so the non-blocking descriptor does not make writes partial.
    /// </summary>
    private static SafeFileHandle OpenForWriting(string path)
    {
        var fd = Open(path, OpenWriteOnly | OpenNonBlocking | OpenCloseOnExec);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        throw errno switch
        {
            NoSuchFile => BerthException.NotFound($"no conmon control fifo at {path}"),
            NoReader => BerthException.Conflict($"the conmon that read {path} has exited"),
            _ => new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}"),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
