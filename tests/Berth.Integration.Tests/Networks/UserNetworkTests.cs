using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Networks;

/// <summary>
/// User-defined networks: members reach each other by name, short id and alias, a container connected later
/// is resolvable at once, inspect shows each attachment, and an internal network has no way out.
/// </summary>
public sealed class UserNetworkTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private NetworkTestHost _host = null!;

    public async Task InitializeAsync() => _host = await NetworkTestHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TwoContainers_ReachEachOtherByNameAndAlias()
    {
        await _host.CreateNetworkAsync("appnet", 1);
        var server = await _host.Host.RunDetachedAsync("--name", "server", "--network", "appnet", "--network-alias", "api", ContainerHost.Image,
            "sh", "-c", "mkdir /www && echo served-by-server > /www/index.html && httpd -f -p 80 -h /www");
        var shortId = server[..12];
        foreach (var name in new[] { "server", "api", shortId })
        {
            var (exit, output) = await _host.RunAsync("--network", "appnet", ContainerHost.Image, "wget", "-qO-", $"http://{name}/");
            Assert.True(exit == 0, $"wget http://{name}/ failed ({exit}): {output}");
            Assert.Equal("served-by-server\n", output);
        }
        var (pingExit, pingOutput) = await _host.RunAsync("--network", "appnet", ContainerHost.Image, "ping", "-c1", "-W2", "server");
        Assert.True(pingExit == 0, pingOutput);
    }

    [Fact]
    public async Task AContainerConnectedLater_IsResolvableAtOnce_AndGoneAfterDisconnect()
    {
        await _host.CreateNetworkAsync("late", 2);
        var first = await _host.Host.RunDetachedAsync("--name", "first", "--network", "late", ContainerHost.Image, "sleep", "300");
        await _host.Host.RunDetachedAsync("--name", "second", ContainerHost.Image, "sleep", "300");
        (await _host.DockerAsync("network", "connect", "--alias", "newcomer", "late", "second")).AssertSuccess();

        var ping = await _host.DockerAsync("exec", first, "ping", "-c1", "-W2", "newcomer");
        Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        var back = await _host.DockerAsync("exec", "second", "ping", "-c1", "-W2", "first");
        Assert.True(back.ExitCode == 0, back.Stdout + back.Stderr);

        (await _host.DockerAsync("network", "disconnect", "late", "second")).AssertSuccess();
        var hosts = (await _host.DockerAsync("exec", first, "cat", "/etc/hosts")).AssertSuccess().Stdout;
        Assert.DoesNotContain("newcomer", hosts);
        Assert.DoesNotContain("second", hosts);
    }

    [Fact]
    public async Task ARenamedContainer_IsResolvedByItsNewName_AndNoLongerByTheOld()
    {
        await _host.CreateNetworkAsync("renames", 5);
        var first = await _host.Host.RunDetachedAsync("--name", "before-rename", "--network", "renames", ContainerHost.Image, "sleep", "300");
        var peer = await _host.Host.RunDetachedAsync("--network", "renames", ContainerHost.Image, "sleep", "300");

        (await _host.DockerAsync("rename", "before-rename", "after-rename")).AssertSuccess();

        var ping = await _host.DockerAsync("exec", peer, "ping", "-c1", "-W2", "after-rename");
        Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        var hosts = (await _host.DockerAsync("exec", peer, "cat", "/etc/hosts")).AssertSuccess().Stdout;
        Assert.DoesNotContain("before-rename", hosts);
        Assert.Contains(first[..12], hosts);
    }

    [Fact]
    public async Task Inspect_ShowsEachAttachment_WithAddressGatewayMacAndAliases()
    {
        var networkId = await _host.CreateNetworkAsync("shown", 3);
        var id = await _host.Host.RunDetachedAsync("--name", "shown1", "--network", "shown", "--network-alias", "db", "--ip", $"10.{_host.Octet}.3.50",
            "--mac-address", "92:d0:c6:0a:29:33", ContainerHost.Image, "sleep", "300");
        var inspect = await _host.Host.InspectAsync(id);
        var endpoint = inspect.GetProperty("NetworkSettings").GetProperty("Networks").GetProperty("shown");
        Assert.Equal(networkId, endpoint.GetProperty("NetworkID").GetString());
        Assert.Equal($"10.{_host.Octet}.3.50", endpoint.GetProperty("IPAddress").GetString());
        Assert.Equal(24, endpoint.GetProperty("IPPrefixLen").GetInt32());
        Assert.Equal($"10.{_host.Octet}.3.1", endpoint.GetProperty("Gateway").GetString());
        Assert.Equal("92:d0:c6:0a:29:33", endpoint.GetProperty("MacAddress").GetString());
        Assert.Equal(["db"], endpoint.GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Matches("^[0-9a-f]{64}$", endpoint.GetProperty("EndpointID").GetString());
        var inside = (await _host.DockerAsync("exec", id, "ip", "-o", "-4", "addr", "show", "eth0")).AssertSuccess().Stdout;
        Assert.Contains($"10.{_host.Octet}.3.50/24", inside);
        var link = (await _host.DockerAsync("exec", id, "cat", "/sys/class/net/eth0/address")).AssertSuccess().Stdout.Trim();
        Assert.Equal("92:d0:c6:0a:29:33", link);

        var network = JsonDocument.Parse((await _host.DockerAsync("network", "inspect", "shown")).AssertSuccess().Stdout).RootElement[0];
        var member = network.GetProperty("Containers").GetProperty(id);
        Assert.Equal("shown1", member.GetProperty("Name").GetString());
        Assert.Equal($"10.{_host.Octet}.3.50/24", member.GetProperty("IPv4Address").GetString());
        Assert.Equal($"10.{_host.Octet}.3.0/24", network.GetProperty("IPAM").GetProperty("Config")[0].GetProperty("Subnet").GetString());
    }

    [Fact]
    public async Task AnInternalNetwork_HasNoEgress_ButMembersStillTalk()
    {
        await _host.CreateNetworkAsync("sealed", 4, "--internal");
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hostAddress = HostAddress();

        var accept = AcceptAndCloseAsync(listener);

        // The same probe succeeds from the default bridge, so a failure below is the network's doing.
        var (open, openOutput) = await _host.RunAsync(ContainerHost.Image, "sh", "-c", $"echo hi | nc -w 3 {hostAddress} {port}");
        Assert.True(open == 0, $"the default bridge could not reach {hostAddress}:{port}: {openOutput}");
        Assert.Equal("hi", await accept);

        var (exit, output) = await _host.RunAsync("--network", "sealed", ContainerHost.Image, "sh", "-c", $"ip route; echo hi | nc -w 3 {hostAddress} {port}");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("default", output);

        await _host.Host.RunDetachedAsync("--name", "inner", "--network", "sealed", ContainerHost.Image, "sleep", "300");
        var (talk, talkOutput) = await _host.RunAsync("--network", "sealed", ContainerHost.Image, "ping", "-c1", "-W2", "inner");
        Assert.True(talk == 0, talkOutput);
    }

    /// <summary>Accepts one connection, reads its first line and closes it (busybox nc waits for the peer to close).</summary>
    internal static async Task<string?> AcceptAndCloseAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var reader = new StreamReader(client.GetStream(), System.Text.Encoding.ASCII);
        return await reader.ReadLineAsync();
    }

    /// <summary>The host's address on its default-route interface: outside every container network.</summary>
    internal static string HostAddress()
    {
        var defaultDevice = File.ReadAllLines("/proc/net/route").Skip(1).Select(l => l.Split('\t')).First(f => f[1] == "00000000")[0];
        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().First(i => i.Name == defaultDevice)
            .GetIPProperties().UnicastAddresses.First(a => a.Address.AddressFamily == AddressFamily.InterNetwork).Address.ToString();
    }
}
