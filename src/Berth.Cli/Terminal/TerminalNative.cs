using System.Runtime.InteropServices;

namespace Berth.Cli.Terminal;

/// <summary>
/// The libc calls behind raw mode and window size. termios is kept as an opaque buffer larger than any libc's
/// struct and changed only through cfmakeraw, so no per-architecture layout is hard-coded.
/// </summary>
internal static partial class TerminalNative
{
    public const int TermiosBufferSize = 256;
    private const int Tcsanow = 0;
    private const nuint Tiocgwinsz = 0x5413;

    [StructLayout(LayoutKind.Sequential)]
    public struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int actions, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(byte[] termios);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWindowSize(int fd, nuint request, out WindowSize size);

    public static bool IsTerminal(int fd) => IsATty(fd) == 1;

    /// <summary>Puts the terminal in raw mode and returns the settings to restore.</summary>
    public static byte[] MakeRaw(int fd)
    {
        var saved = new byte[TermiosBufferSize];
        if (TcGetAttr(fd, saved) != 0) throw new IOException($"tcgetattr: errno {Marshal.GetLastPInvokeError()}");
        var raw = (byte[])saved.Clone();
        CfMakeRaw(raw);
        if (TcSetAttr(fd, Tcsanow, raw) != 0) throw new IOException($"tcsetattr: errno {Marshal.GetLastPInvokeError()}");
        return saved;
    }

    public static void Restore(int fd, byte[] saved) => _ = TcSetAttr(fd, Tcsanow, saved);

    /// <returns>(0, 0) when the size cannot be read (not a terminal).</returns>
    public static (uint Height, uint Width) Size(int fd) =>
        IoctlWindowSize(fd, Tiocgwinsz, out var size) == 0 ? (size.Rows, size.Columns) : (0u, 0u);
}
