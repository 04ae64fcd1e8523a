using System.Net.Sockets;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>Plain HTTP over the daemon's unix socket, for tests of the wire itself (paths, headers, status codes).</summary>
public static class RawHttp
{
    public static HttpClient For(BerthDaemon daemon) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.SocketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://berth") };
}
