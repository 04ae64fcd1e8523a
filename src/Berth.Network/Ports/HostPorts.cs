using System.Net;
using System.Net.Sockets;
using Berth.Oci;

namespace Berth.Network.Ports;

/// <summary>
/// Host ports for publishing. The portmap plugin only writes DNAT rules and never binds the port, so a port
/// some host process listens on would be silently shadowed: each one is checked by binding it first, and one
/// already taken is refused with Docker's message before anything is set up.
/// </summary>
public static class HostPorts
{
    /// <exception cref="BerthException">Conflict: <c>Bind for 0.0.0.0:8080 failed: port is already allocated</c>.</exception>
    public static void EnsureFree(PortMapping mapping)
    {
        using var socket = Bind(mapping.HostIp, mapping.HostPort, mapping.Protocol)
            ?? throw BerthException.Conflict($"Bind for {mapping.HostDisplay} failed: port is already allocated");
    }

    /// <summary>A port the kernel considers free on the address (from its ephemeral range, as Docker's are).</summary>
    /// <param name="taken">Ports this daemon already published, which no socket holds.</param>
    /// <exception cref="BerthException">Conflict when no port could be found.</exception>
    public static int PickFree(string hostIp, string protocol, IReadOnlySet<int> taken)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            using var socket = Bind(hostIp, 0, protocol);
            if (socket?.LocalEndPoint is IPEndPoint { Port: var port } && !taken.Contains(port)) return port;
        }
        throw BerthException.Conflict($"no free {protocol} port on {(hostIp.Length == 0 ? "0.0.0.0" : hostIp)}");
    }

    private static Socket? Bind(string hostIp, int port, string protocol)
    {
        var address = hostIp.Length == 0 ? IPAddress.Any : IPAddress.Parse(hostIp);
        var socket = protocol == "udp"
            ? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
