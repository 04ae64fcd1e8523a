using System.Net;
using System.Net.Sockets;
using Berth.Network.Ports;
using Berth.Oci;

namespace Berth.Network.Tests.Ports;

public sealed class PortsTests
{
    [Theory]
    [InlineData("80", 80, "tcp")]
    [InlineData("53/udp", 53, "udp")]
    [InlineData("8080/TCP", 8080, "tcp")]
    public void PortKey_Parses(string key, int port, string protocol) => Assert.Equal((port, protocol), PortKey.Parse(key));

    [Theory]
    [InlineData("0/tcp")]
    [InlineData("65536")]
    [InlineData("http/tcp")]
    [InlineData("80/")]
    public void PortKey_RefusesBadKeys(string key) => Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => PortKey.Parse(key)).Kind);

    [Fact]
    public void Mapping_ToCni_LeavesOutAnEmptyHostIp()
    {
        var any = new PortMapping("", 8080, 80, "tcp").ToCni();
        Assert.Equal("""{"hostPort":8080,"containerPort":80,"protocol":"tcp"}""", any.ToJsonString());
        Assert.Equal("127.0.0.1", new PortMapping("127.0.0.1", 8080, 80, "udp").ToCni()["hostIP"]!.GetValue<string>());
        Assert.Equal("0.0.0.0:8080", new PortMapping("", 8080, 80, "tcp").HostDisplay);
    }

    [Fact]
    public void EnsureFree_RefusesAPortAHostSocketHolds_WithDockersMessage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var e = Assert.Throws<BerthException>(() => HostPorts.EnsureFree(new PortMapping("127.0.0.1", port, 80, "tcp")));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Bind for 127.0.0.1:{port} failed: port is already allocated", e.Message);
    }

    [Fact]
    public void PickFree_AvoidsPortsAlreadyPublished()
    {
        var first = HostPorts.PickFree("127.0.0.1", "tcp", new HashSet<int>());
        Assert.InRange(first, 1, 65535);
        var second = HostPorts.PickFree("127.0.0.1", "tcp", new HashSet<int> { first });
        Assert.NotEqual(first, second);
    }
}
