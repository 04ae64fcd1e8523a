using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Networks;

/// <summary>The real docker CLI and berth's own network commands against berthd: create, ls, inspect, connect, rm, prune, run -p.</summary>
public sealed class DockerCliNetworkTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private NetworkTestHost _host = null!;

    public async Task InitializeAsync() => _host = await NetworkTestHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DockerNetworkCommands_CreateListInspectRemove()
    {
        var id = await _host.CreateNetworkAsync("dn", 1, "--gateway", $"10.{_host.Octet}.1.254", "--ip-range", $"10.{_host.Octet}.1.128/25", "--label", "team=a", "-o", "mtu=1400");
        var ls = (await _host.DockerAsync("network", "ls")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("NETWORK ID     NAME      DRIVER    SCOPE", ls[0]);
        Assert.Contains(ls, l => l.StartsWith(id[..12], StringComparison.Ordinal) && l.Contains(" dn ") && l.Contains("bridge") && l.EndsWith("local"));
        Assert.Equal(["bridge", "dn", "host", "none"], (await _host.DockerAsync("network", "ls", "--format", "{{.Name}}")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal("dn\n", (await _host.DockerAsync("network", "ls", "-f", "label=team=a", "--format", "{{.Name}}")).AssertSuccess().Stdout);
        Assert.Equal("bridge\nhost\nnone\n", (await _host.DockerAsync("network", "ls", "-f", "type=builtin", "--format", "{{.Name}}")).AssertSuccess().Stdout);

        var inspect = JsonDocument.Parse((await _host.DockerAsync("network", "inspect", "dn")).AssertSuccess().Stdout).RootElement[0];
        Assert.Equal(id, inspect.GetProperty("Id").GetString());
        Assert.Equal("bridge", inspect.GetProperty("Driver").GetString());
        Assert.Equal("a", inspect.GetProperty("Labels").GetProperty("team").GetString());
        var pool = inspect.GetProperty("IPAM").GetProperty("Config")[0];
        Assert.Equal($"10.{_host.Octet}.1.254", pool.GetProperty("Gateway").GetString());
        Assert.Equal($"10.{_host.Octet}.1.128/25", pool.GetProperty("IPRange").GetString());

        // The range and gateway are honoured.
        var (exit, output) = await _host.RunAsync("--network", "dn", ContainerHost.Image, "sh", "-c", "ip -o -4 addr show eth0; ip route");
        Assert.True(exit == 0, output);
        Assert.Contains($"inet 10.{_host.Octet}.1.128/24", output);
        Assert.Contains($"default via 10.{_host.Octet}.1.254", output);

        Assert.Equal("dn\n", (await _host.DockerAsync("network", "rm", "dn")).AssertSuccess().Stdout);
        var gone = await _host.DockerAsync("network", "inspect", "dn");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("network dn not found", gone.Stderr);
    }

    [Fact]
    public async Task DockerRefuses_WhatDockerRefuses()
    {
        await _host.CreateNetworkAsync("taken", 2);
        var duplicate = await _host.DockerAsync("network", "create", "--subnet", _host.Subnet(3), "taken");
        Assert.Contains("network with name taken already exists", duplicate.Stderr);
        var overlap = await _host.DockerAsync("network", "create", "--subnet", _host.Subnet(2), "other");
        Assert.Contains("Pool overlaps with other one on this address space", overlap.Stderr);
        var predefined = await _host.DockerAsync("network", "rm", "bridge");
        Assert.Contains("bridge is a pre-defined network and cannot be removed", predefined.Stderr);
        await _host.Host.RunDetachedAsync("--network", "taken", ContainerHost.Image, "sleep", "300");
        var inUse = await _host.DockerAsync("network", "rm", "taken");
        Assert.Equal(1, inUse.ExitCode);
        Assert.Contains("has active endpoints", inUse.Stderr);
        var unknown = await _host.DockerAsync("run", "--rm", "--network", "nosuch", ContainerHost.Image, "true");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Contains("network nosuch not found", unknown.Stderr);
    }

    [Fact]
    public async Task DockerRunPublish_ServesTheHost()
    {
        var id = await _host.Host.RunDetachedAsync("-p", "127.0.0.1::80", ContainerHost.Image, "sh", "-c", "mkdir /www && echo via-docker > /www/index.html && httpd -f -p 80 -h /www");
        var port = (await _host.DockerAsync("port", id)).AssertSuccess().Stdout.Trim();
        Assert.StartsWith("80/tcp -> 127.0.0.1:", port);
        Assert.Equal("via-docker\n", await BridgeNetworkTests.GetAsync(port["80/tcp -> ".Length..]));
        var ps = (await _host.DockerAsync("ps", "--format", "{{.Ports}}")).AssertSuccess().Stdout.Trim();
        Assert.Equal(port["80/tcp -> ".Length..] + "->80/tcp", ps);
    }

    [Fact]
    public async Task BerthNetworkCommands_MatchDockers()
    {
        var created = (await _host.Daemon.BerthAsync("network", "create", "--subnet", _host.Subnet(4), "--label", "via=berth", "bn")).AssertSuccess().Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", created);
        foreach (var args in new[] { new[] { "network", "ls" }, ["network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Internal}}"], ["network", "ls", "-q", "-f", "label=via=berth"] })
            Assert.Equal((await _host.DockerAsync(args)).AssertSuccess().Stdout, (await _host.Daemon.BerthAsync(args)).AssertSuccess().Stdout);
        Assert.Equal(
            (await _host.DockerAsync("network", "inspect", "bn")).AssertSuccess().Stdout,
            (await _host.Daemon.BerthAsync("network", "inspect", "bn")).AssertSuccess().Stdout);

        var id = await _host.Host.RunDetachedAsync("--name", "joiner", ContainerHost.Image, "sleep", "300");
        (await _host.Daemon.BerthAsync("network", "connect", "--alias", "j", "bn", "joiner")).AssertSuccess();
        Assert.Contains($"10.{_host.Octet}.4.", await _host.Host.FormatAsync(id, "{{(index .NetworkSettings.Networks \"bn\").IPAddress}}"));
        (await _host.Daemon.BerthAsync("network", "disconnect", "bn", "joiner")).AssertSuccess();
        Assert.Equal("map[bridge]", await _host.Host.FormatAsync(id, "{{range $k, $v := .NetworkSettings.Networks}}map[{{$k}}]{{end}}"));

        var pruned = (await _host.Daemon.BerthAsync("network", "prune", "-f")).AssertSuccess().Stdout;
        Assert.Equal("Deleted Networks:\nbn\n", pruned);
        var rm = await _host.Daemon.BerthAsync("network", "rm", "bn");
        Assert.Equal(1, rm.ExitCode);
        Assert.Equal("Error response from daemon: network bn not found\n", rm.Stderr);
    }
}
