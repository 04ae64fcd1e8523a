using Microsoft.Win32.SafeHandles;

namespace Berth.Cli.Terminal;

/// <summary>
/// The process's stdin as plain bytes. Console.OpenStandardInput on a terminal reads through .NET's line editor,
/// which echoes what is typed and sets the terminal back to cooked mode: wrong for a session whose terminal is in
/// raw mode and whose echo comes from the container's pty.
/// </summary>
internal static class RawInput
{
    public static Stream Open() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
}
