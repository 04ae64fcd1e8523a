using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Networks;

/// <summary>
/// The default bridge and the other modes: egress to the host, published ports on 127.0.0.1 (fixed, random and
/// -P), a taken host port refused cleanly, --network none with loopback only, and container:NAME sharing.
/// </summary>
public sealed class BridgeNetworkTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string Httpd = "mkdir /www && echo hello-from-httpd > /www/index.html && httpd -f -p 80 -h /www";

    private NetworkTestHost _host = null!;

    public async Task InitializeAsync() => _host = await NetworkTestHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheDefaultBridge_ReachesAServerOnTheHost()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = UserNetworkTests.AcceptAndCloseAsync(listener);
        var id = await _host.Host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", $"echo from-container | nc -w 5 {UserNetworkTests.HostAddress()} {port}");
        Assert.Equal("from-container", await accept.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await _host.Host.WaitAsync(id));

        var inspect = await _host.Host.InspectAsync(id);
        Assert.Equal("", inspect.GetProperty("NetworkSettings").GetProperty("IPAddress").GetString()); // exited: no address any more
    }

    [Fact]
    public async Task APublishedPort_ServesHttpdOnLocalhost_AndInspectShowsIt()
    {
        var id = await _host.Host.RunDetachedAsync("-p", "127.0.0.1::80", ContainerHost.Image, "sh", "-c", Httpd);
        var published = (await _host.DockerAsync("port", id, "80")).AssertSuccess().Stdout.Trim();
        Assert.StartsWith("127.0.0.1:", published);
        Assert.Equal("hello-from-httpd\n", await GetAsync(published));

        var inspect = await _host.Host.InspectAsync(id);
        var settings = inspect.GetProperty("NetworkSettings");
        var binding = settings.GetProperty("Ports").GetProperty("80/tcp")[0];
        Assert.Equal("127.0.0.1", binding.GetProperty("HostIp").GetString());
        Assert.Equal(published.Split(':')[1], binding.GetProperty("HostPort").GetString());
        Assert.StartsWith(_host.AddressPrefix + "0.", settings.GetProperty("IPAddress").GetString());
        Assert.Equal(_host.BridgeGateway, settings.GetProperty("Gateway").GetString());
        Assert.Equal(settings.GetProperty("IPAddress").GetString(), settings.GetProperty("Networks").GetProperty("bridge").GetProperty("IPAddress").GetString());
        Assert.Equal("", inspect.GetProperty("HostConfig").GetProperty("PortBindings").GetProperty("80/tcp")[0].GetProperty("HostPort").GetString());
    }

    [Fact]
    public async Task PublishAll_UsesTheExposedPorts()
    {
        var id = await _host.Host.RunDetachedAsync("--expose", "80", "-P", ContainerHost.Image, "sh", "-c", Httpd);
        var published = (await _host.DockerAsync("port", id, "80/tcp")).AssertSuccess().Stdout.Trim();
        var port = published.Split(':')[^1];
        Assert.Equal("hello-from-httpd\n", await GetAsync($"127.0.0.1:{port}"));
    }

    [Fact]
    public async Task AHostPortInUse_IsRefusedWithDockersError_AndLeavesNothingAttached()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var run = await _host.DockerAsync("run", "-d", "--name", "clash", "-p", $"{port}:80", ContainerHost.Image, "sleep", "300");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains($"Bind for 0.0.0.0:{port} failed: port is already allocated", run.Stderr);
        Assert.NotEqual("running", await _host.Host.StatusAsync("clash"));
        Assert.Empty(Directory.Exists(_host.NamespaceDir) ? Directory.GetFiles(_host.NamespaceDir) : []);
        Assert.Empty(_host.IpamReservations());
        Assert.Empty(_host.PortsOnBridges());
    }

    [Fact]
    public async Task TheSameHostPortTwice_IsRefusedForTheSecondContainer()
    {
        var port = FreePort();
        await _host.Host.RunDetachedAsync("-p", $"{port}:80", ContainerHost.Image, "sh", "-c", Httpd);
        var second = await _host.DockerAsync("run", "-d", "-p", $"{port}:80", ContainerHost.Image, "sleep", "300");
        Assert.Equal(125, second.ExitCode);
        Assert.Contains($"Bind for 0.0.0.0:{port} failed: port is already allocated", second.Stderr);
    }

    [Fact]
    public async Task NetworkNone_HasOnlyLoopback_AndItIsUp()
    {
        var (exit, output) = await _host.RunAsync("--network", "none", ContainerHost.Image, "sh", "-c", "ls /sys/class/net; ping -c1 -W1 127.0.0.1 >/dev/null && echo lo-up");
        Assert.Equal(0, exit);
        Assert.Equal("lo\nlo-up\n", output);
    }

    [Fact]
    public async Task ContainerMode_SharesTheOthersNetwork()
    {
        var server = await _host.Host.RunDetachedAsync("--name", "owner", ContainerHost.Image, "sh", "-c", Httpd);
        var (exit, output) = await _host.RunAsync("--network", "container:owner", ContainerHost.Image, "wget", "-qO-", "http://127.0.0.1/");
        Assert.True(exit == 0, output);
        Assert.Equal("hello-from-httpd\n", output);
        Assert.NotEqual("", server);
    }

    [Fact]
    public async Task DnsFlags_ShapeResolvConf_AndAddHostIsInHosts()
    {
        var (exit, output) = await _host.RunAsync("--dns", "192.0.2.53", "--dns-search", "corp.example", "--add-host", "db.example:192.0.2.10",
            ContainerHost.Image, "cat", "/etc/resolv.conf", "/etc/hosts");
        Assert.Equal(0, exit);
        Assert.Contains("nameserver 192.0.2.53\n", output);
        Assert.Contains("search corp.example\n", output);
        Assert.Contains("192.0.2.10\tdb.example\n", output);
        Assert.DoesNotContain("nameserver 127.", output);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>GET / on host:port, retried while httpd is still starting (connection refused or reset).</summary>
    internal static async Task<string> GetAsync(string hostAndPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Exception? last = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                return await http.GetStringAsync($"http://{hostAndPort}/");
            }
            catch (HttpRequestException e)
            {
                last = e;
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"http://{hostAndPort}/ never answered", last);
    }
}
