using System.Net.Sockets;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Makes the socket path ready to bind: refuses when a live daemon answers there, removes a stale
/// socket file left by a daemon that crashed.
/// </summary>
public static partial class SocketPreparer
{
    public static void Prepare(string socketPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
        if (!File.Exists(socketPath)) return;
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(socketPath));
                throw new InvalidOperationException($"another daemon is already listening on unix://{socketPath}");
            }
            catch (SocketException)
            {
                // Nobody answers: the file is left over from a daemon that did not shut down cleanly.
            }
        }
        File.Delete(socketPath);
    }

    /// <summary>Docker's socket mode: owner and group may connect, others may not.</summary>
    public static void Restrict(string socketPath) =>
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

    /// <summary>
    /// Runs <paramref name="bind"/> under umask 0117, so the socket is born 0660: setting the mode after
    /// bind would leave a moment in which anyone could connect.
    /// </summary>
    public static async Task BindRestrictedAsync(Func<Task> bind)
    {
        const uint OthersAndExecute = 0b001_001_111; // 0117
        var previous = Umask(OthersAndExecute);
        try
        {
            await bind();
        }
        finally
        {
            Umask(previous);
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
