using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// The berth CLI's container tools against a real berthd, each checked against what the docker CLI prints for the
/// same daemon: cp both ways, diff, commit, export, top, stats --no-stream, port, events and container prune.
/// </summary>
public sealed class BerthCliToolsTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;
    private readonly TempDirectory _work = new();

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _work.Dispose();
    }

    private Task<ProcessResult> Berth(params string[] args) => _host.Daemon.BerthAsync(args);

    [Fact]
    public async Task CpBothWays_Diff_Commit_Export()
    {
        var id = await _host.RunDetachedAsync("--name", "tools", ContainerHost.Image, "sh", "-c", "mkdir -p /data/sub && echo inside > /data/sub/f && echo ready && sleep 100");
        await _host.WaitForLogAsync(id, "ready");

        (await Berth("cp", "tools:/data", _work.Path)).AssertSuccess();
        Assert.Equal("inside\n", File.ReadAllText(_work.Combine("data", "sub", "f")));
        File.WriteAllText(_work.Combine("host.txt"), "from host\n");
        (await Berth("cp", _work.Combine("host.txt"), "tools:/data/renamed.txt")).AssertSuccess();
        Assert.Equal("from host\n", (await _host.DockerAsync("exec", id, "cat", "/data/renamed.txt")).AssertSuccess().Stdout);

        var diff = (await Berth("diff", "tools")).AssertSuccess().Stdout;
        Assert.Equal((await _host.DockerAsync("diff", "tools")).AssertSuccess().Stdout, diff);
        Assert.Contains("A /data/renamed.txt", diff);

        var image = (await Berth("commit", "-c", "CMD [\"cat\", \"/data/renamed.txt\"]", "tools", "tools-image:1")).AssertSuccess().Stdout.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", image);
        Assert.Equal("from host\n", (await Berth("run", "--rm", "tools-image:1")).AssertSuccess().Stdout);

        var tar = _work.Combine("export.tar");
        (await Berth("export", "-o", tar, "tools")).AssertSuccess();
        using var reader = new System.Formats.Tar.TarReader(File.OpenRead(tar));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        Assert.Contains("data/sub/f", names);
    }

    [Fact]
    public async Task Top_Stats_Port_Events_Prune()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString();
        var id = await _host.RunDetachedAsync("--name", "busy", ContainerHost.Image, "sleep", "100");

        var top = (await Berth("top", "busy")).AssertSuccess().Stdout;
        Assert.Contains("sleep 100", top);
        Assert.StartsWith("UID", top);

        var stats = (await Berth("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "busy")).AssertSuccess().Stdout;
        Assert.Equal("busy 1\n", stats);
        Assert.Equal("", (await Berth("port", "busy")).AssertSuccess().Stdout);

        (await _host.DockerAsync("rm", "-f", id)).AssertSuccess();
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString();
        var events = (await Berth("events", "--since", since, "--until", until, "--filter", "type=container", "--format", "{{.Action}}")).AssertSuccess().Stdout;
        Assert.Equal((await _host.DockerAsync("events", "--since", since, "--until", until, "--filter", "type=container", "--format", "{{.Action}}")).AssertSuccess().Stdout, events);
        Assert.Contains("start\n", events);
        Assert.Contains("destroy\n", events);

        var exited = await _host.CreateAsync(ContainerHost.Image, "true");
        var prune = (await Berth("container", "prune", "-f")).AssertSuccess().Stdout;
        Assert.Contains(exited, prune);
        Assert.Contains("Total reclaimed space:", prune);
    }
}
