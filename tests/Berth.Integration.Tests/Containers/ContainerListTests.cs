using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>docker ps (-a -q -n -l, filters, --format), inspect and container prune over a set of containers in every state.</summary>
public sealed class ContainerListTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;
    private string _running = "", _ok = "", _failed = "", _created = "";

    public async Task InitializeAsync()
    {
        _host = await ContainerHost.StartAsync(busybox);
        // Created one after the other, so the newest-first order is ps-new, ps-fail, ps-ok, ps-run.
        _running = await _host.RunDetachedAsync("--name", "ps-run", "--label", "env=prod", "--label", "tier=web", ContainerHost.Image, "sleep", "1000");
        _ok = await _host.RunDetachedAsync("--name", "ps-ok", ContainerHost.Image, "true");
        Assert.Equal(0, await _host.WaitAsync(_ok));
        _failed = await _host.RunDetachedAsync("--name", "ps-fail", "--label", "env=dev", ContainerHost.Image, "sh", "-c", "exit 3");
        Assert.Equal(3, await _host.WaitAsync(_failed));
        _created = await _host.CreateAsync("--name", "ps-new", ContainerHost.Image, "echo", "hi");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> Names(params string[] args) =>
        string.Join(',', (await _host.DockerAsync(["ps", "--format", "{{.Names}}", .. args])).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Ps_AllQuietLastAndLimit()
    {
        Assert.Equal("ps-run", await Names());
        Assert.Equal("ps-new,ps-fail,ps-ok,ps-run", await Names("-a"));
        Assert.Equal(_running[..12] + "\n", (await _host.DockerAsync("ps", "-q")).AssertSuccess().Stdout);
        Assert.Equal(string.Join('\n', _created, _failed, _ok, _running) + "\n", (await _host.DockerAsync("ps", "-aq", "--no-trunc")).AssertSuccess().Stdout);
        Assert.Equal("ps-new", await Names("-l"));
        Assert.Equal("ps-new,ps-fail", await Names("-n", "2"));
        Assert.Equal(_created[..12] + "\n", (await _host.DockerAsync("ps", "-lq")).AssertSuccess().Stdout);

        var table = (await _host.DockerAsync("ps", "-a")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$", table[0]);
        Assert.Equal(5, table.Length);
        Assert.Matches($@"^{_failed[..12]}\s+busybox(:latest)?\s+""sh -c 'exit 3'""\s+.+\s+Exited \(3\) .+ ago\s+ps-fail$", table[2]);
        Assert.Matches($@"^{_created[..12]}\s+busybox(:latest)?\s+""echo hi""\s+.+\s+Created\s+ps-new$", table[1]);
    }

    [Theory]
    [InlineData("status=running", "ps-run")]
    [InlineData("status=exited", "ps-fail,ps-ok")]
    [InlineData("status=created", "ps-new")]
    [InlineData("status=paused", "")]
    [InlineData("exited=3", "ps-fail")]
    [InlineData("exited=0", "ps-ok")]
    [InlineData("name=ps-o", "ps-ok")]
    [InlineData("name=^/?ps-(run|new)$", "ps-new,ps-run")]
    [InlineData("name=^ps-ok$", "ps-ok")]
    [InlineData("label=env", "ps-fail,ps-run")]
    [InlineData("label=env=prod", "ps-run")]
    [InlineData("label=tier=web", "ps-run")]
    [InlineData("ancestor=busybox", "ps-new,ps-fail,ps-ok,ps-run")]
    [InlineData("ancestor=busybox:latest", "ps-new,ps-fail,ps-ok,ps-run")]
    [InlineData("ancestor=nosuchimage", "")]
    public async Task Ps_Filters(string filter, string expected) =>
        Assert.Equal(expected, await Names("-a", "--filter", filter));

    [Fact]
    public async Task Ps_FiltersCombine_AndByIdAndImageId()
    {
        Assert.Equal("ps-fail", await Names("-a", "--filter", "status=exited", "--filter", "label=env"));
        Assert.Equal("ps-fail,ps-ok", await Names("-a", "--filter", "status=exited", "--filter", "status=paused"));
        Assert.Equal("ps-ok", await Names("-a", "--filter", "id=" + _ok[..8]));
        Assert.Equal("ps-ok,ps-run", await Names("-a", "--filter", "id=" + _ok, "--filter", "id=" + _running[..12]));
        var imageId = (await _host.DockerAsync("image", "inspect", "-f", "{{.Id}}", ContainerHost.Image)).AssertSuccess().Stdout.Trim();
        Assert.Equal("ps-new,ps-fail,ps-ok,ps-run", await Names("-a", "--filter", "ancestor=" + imageId[7..19]));
        // Status filters include stopped containers even without -a, as Docker's do.
        Assert.Equal("ps-fail", await Names("--filter", "exited=3"));

        var bad = await _host.DockerAsync("ps", "--filter", "status=sleeping");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("invalid filter 'status=sleeping'", bad.Stderr);
    }

    [Fact]
    public async Task Ps_Format()
    {
        var rows = (await _host.DockerAsync("ps", "-a", "--format", "{{.ID}}|{{.Image}}|{{.Command}}|{{.State}}|{{.Label \"env\"}}|{{.Names}}")).AssertSuccess().Stdout;
        Assert.Contains($"{_running[..12]}|busybox:latest|\"sleep 1000\"|running|prod|ps-run\n", rows);
        Assert.Contains($"{_failed[..12]}|busybox:latest|\"sh -c 'exit 3'\"|exited|dev|ps-fail\n", rows);
        Assert.Contains($"{_created[..12]}|busybox:latest|\"echo hi\"|created||ps-new\n", rows);

        var json = (await _host.DockerAsync("ps", "--format", "json")).AssertSuccess().Stdout;
        using var row = System.Text.Json.JsonDocument.Parse(json.Trim());
        Assert.Equal("ps-run", row.RootElement.GetProperty("Names").GetString());
        Assert.Equal("running", row.RootElement.GetProperty("State").GetString());
        Assert.Contains("env=prod", row.RootElement.GetProperty("Labels").GetString());
    }

    [Fact]
    public async Task Inspect_ShowsConfigStateAndHostConfig()
    {
        var running = await _host.InspectAsync("ps-run");
        Assert.Equal(_running, running.GetProperty("Id").GetString());
        Assert.Equal("/ps-run", running.GetProperty("Name").GetString());
        Assert.Equal("sleep", running.GetProperty("Path").GetString());
        Assert.Equal("1000", running.GetProperty("Args")[0].GetString());
        Assert.Equal("busybox:latest", running.GetProperty("Config").GetProperty("Image").GetString());
        Assert.Equal("prod", running.GetProperty("Config").GetProperty("Labels").GetProperty("env").GetString());
        Assert.StartsWith("sha256:", running.GetProperty("Image").GetString());
        Assert.Equal("running", running.GetProperty("State").GetProperty("Status").GetString());
        Assert.True(DateTimeOffset.Parse(running.GetProperty("State").GetProperty("StartedAt").GetString()!) > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("no", running.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.True(File.Exists(running.GetProperty("LogPath").GetString()));

        // By name, by full id, by a unique prefix; several at once; a format.
        Assert.Equal($"/ps-run\n/ps-ok\n", (await _host.DockerAsync("inspect", "-f", "{{.Name}}", _running[..6], _ok)).AssertSuccess().Stdout);
        Assert.Equal("exited 3 false", await _host.FormatAsync("ps-fail", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}"));
        Assert.Equal("/ps-new", await _host.FormatAsync(_created, "{{.Name}}"));
        var missing = await _host.DockerAsync("container", "inspect", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No such container: nosuch", missing.Stderr);
    }

    [Fact]
    public async Task Prune_RemovesStoppedAndCreated_ByLabelToo()
    {
        var byLabel = (await _host.DockerAsync("container", "prune", "-f", "--filter", "label=env=dev")).AssertSuccess().Stdout;
        Assert.Contains("Deleted Containers:\n" + _failed + "\n", byLabel);
        Assert.Equal("ps-new,ps-ok,ps-run", await Names("-a"));

        var all = (await _host.DockerAsync("container", "prune", "-f")).AssertSuccess().Stdout;
        Assert.Contains(_ok, all);
        Assert.Contains(_created, all);
        Assert.DoesNotContain(_running, all);
        Assert.Equal("ps-run", await Names("-a"));
        Assert.False(Directory.Exists(Path.Combine(_host.Daemon.DataRoot, "containers", _ok)));

        Assert.DoesNotContain("Deleted Containers", (await _host.DockerAsync("container", "prune", "-f")).AssertSuccess().Stdout);
    }
}
