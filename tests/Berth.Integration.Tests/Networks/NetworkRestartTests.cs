using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Networks;

/// <summary>Networks survive a daemon restart; a container that died while the daemon was away has its attachment released at restart.</summary>
public sealed class NetworkRestartTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private NetworkTestHost _host = null!;

    public async Task InitializeAsync() => _host = await NetworkTestHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheNetworkList_IsTheSameAfterARestart()
    {
        await _host.CreateNetworkAsync("kept", 1, "--label", "tier=back", "--internal");
        await _host.CreateNetworkAsync("also-kept", 2);
        const string format = "{{.ID}} {{.Name}} {{.Driver}} {{.Internal}} {{.Labels}}";
        var before = (await _host.DockerAsync("network", "ls", "--no-trunc", "--format", format)).AssertSuccess().Stdout;
        var inspectBefore = (await _host.DockerAsync("network", "inspect", "-f", "{{json .IPAM}}", "kept", "bridge")).AssertSuccess().Stdout;

        await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();

        Assert.Equal(before, (await _host.DockerAsync("network", "ls", "--no-trunc", "--format", format)).AssertSuccess().Stdout);
        Assert.Equal(inspectBefore, (await _host.DockerAsync("network", "inspect", "-f", "{{json .IPAM}}", "kept", "bridge")).AssertSuccess().Stdout);
        Assert.Contains("kept", before);
        Assert.Contains("tier=back", before);
        var (exit, output) = await _host.RunAsync("--network", "also-kept", ContainerHost.Image, "ip", "-o", "-4", "addr", "show", "eth0");
        Assert.True(exit == 0, output);
        Assert.Contains(_host.AddressPrefix + "2.", output);
    }

    [Fact]
    public async Task AContainerThatDiedWhileTheDaemonWasDown_IsDetachedAtRestart()
    {
        var id = await _host.Host.RunDetachedAsync("-p", "127.0.0.1::80", ContainerHost.Image, "sleep", "300");
        var pid = int.Parse(await _host.Host.FormatAsync(id, "{{.State.Pid}}"));
        Assert.NotEmpty(await _host.RulesMentioningUsAsync());

        await _host.Daemon.KillAsync();
        HostProcesses.Kill(pid);
        while (HostProcesses.Exists(pid)) await Task.Delay(50);
        await _host.Daemon.StartAsync();

        await _host.Host.WaitForStatusAsync(id, "exited");
        Assert.Empty(await _host.RulesMentioningUsAsync());
        Assert.Empty(_host.IpamReservations());
        Assert.Empty(_host.PortsOnBridges());
        Assert.False(File.Exists(Path.Join(_host.NamespaceDir, id)));
        // And it starts again on the network, with an address of its own.
        (await _host.DockerAsync("start", id)).AssertSuccess();
        Assert.StartsWith(_host.AddressPrefix + "0.", await _host.Host.FormatAsync(id, "{{.NetworkSettings.IPAddress}}"));
    }
}
