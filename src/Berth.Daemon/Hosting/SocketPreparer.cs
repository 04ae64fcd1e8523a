using System.Net.Sockets;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Makes the socket path ready to bind: refuses when a live daemon answers there, removes a stale
/// socket file left by a daemon that crashed.
/// </summary>
public static class SocketPreparer
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
}
