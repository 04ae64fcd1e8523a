using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// Containers outlive berthd: stopped cleanly (SIGTERM) or killed (SIGKILL, a crash), the next berthd on the
/// same directories finds a running container still running (same process, logs written meanwhile kept),
/// and one that exited meanwhile with its real exit code.
/// </summary>
public sealed class DaemonRecoveryTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string Ticker = "trap 'echo bye; exit 0' TERM; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done";

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task DownAsync(bool crash)
    {
        if (crash) await _host.Daemon.KillAsync();
        else await _host.Daemon.StopAsync();
    }

    private async Task<int> LastTickAsync(string id)
    {
        var lines = (await _host.DockerAsync("logs", id)).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Where(l => l.StartsWith("tick ", StringComparison.Ordinal)).Select(l => int.Parse(l[5..])).DefaultIfEmpty(0).Max();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARunningContainer_KeepsRunning_AndCanBeStoppedAfterwards(bool crash)
    {
        var id = await _host.RunDetachedAsync("--name", "ticker", ContainerHost.Image, "sh", "-c", Ticker);
        await _host.WaitForLogAsync(id, "tick 2\n");
        var pid = int.Parse(await _host.FormatAsync(id, "{{.State.Pid}}"));
        var before = await LastTickAsync(id);

        await DownAsync(crash);
        await Task.Delay(1500);
        Assert.True(HostProcesses.Exists(pid), "the container's process died with the daemon");
        Assert.NotEmpty(HostProcesses.ConmonsUnder(id));
        await _host.Daemon.StartAsync();

        var state = (await _host.InspectAsync(id)).GetProperty("State");
        Assert.Equal("running", state.GetProperty("Status").GetString());
        Assert.Equal(pid, state.GetProperty("Pid").GetInt32());
        Assert.Equal("ticker", (await _host.DockerAsync("ps", "--format", "{{.Names}}")).AssertSuccess().Stdout.Trim());
        // What it wrote while the daemon was away is in its log.
        Assert.True(await LastTickAsync(id) >= before + 5, $"ticks {before} → {await LastTickAsync(id)}: the log lost the time without a daemon");

        (await _host.DockerAsync("stop", "-t", "5", "ticker")).AssertSuccess();
        Assert.Equal(0, await _host.WaitAsync(id));
        Assert.False(HostProcesses.Exists(pid));
        Assert.EndsWith("bye\n", (await _host.DockerAsync("logs", id)).AssertSuccess().Stdout);
        Assert.Empty(HostProcesses.ConmonsUnder(id));
        Assert.Empty(HostMounts.Under(await _host.FormatAsync(id, "{{.GraphDriver.Data.MergedDir}}")));

        // Fully usable afterwards: start again, kill, remove.
        (await _host.DockerAsync("start", "ticker")).AssertSuccess();
        (await _host.DockerAsync("rm", "-f", "ticker")).AssertSuccess();
        Assert.Empty(HostCgroups.Of(id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AContainerThatExitedWhileTheDaemonWasAway_ShowsItsRealExitCode(bool crash)
    {
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "echo started; sleep 2; echo finished; exit 42");
        await _host.WaitForLogAsync(id, "started");
        await DownAsync(crash);
        await Task.Delay(3500);
        await _host.Daemon.StartAsync();

        var state = (await _host.InspectAsync(id)).GetProperty("State");
        Assert.Equal("exited", state.GetProperty("Status").GetString());
        Assert.Equal(42, state.GetProperty("ExitCode").GetInt32());
        Assert.Equal(42, await _host.WaitAsync(id));
        Assert.Equal("started\nfinished\n", (await _host.DockerAsync("logs", id)).AssertSuccess().Stdout);
        Assert.Empty(HostProcesses.ConmonsUnder(id));
        Assert.Empty(HostMounts.Under(await _host.FormatAsync(id, "{{.GraphDriver.Data.MergedDir}}")));
        Assert.Contains(id, (await _host.DockerAsync("ps", "-aq", "--no-trunc", "--filter", "exited=42")).AssertSuccess().Stdout);

        // It starts again as any exited container does.
        (await _host.DockerAsync("start", id)).AssertSuccess();
        await _host.WaitForLogAsync(id, "started\nfinished\nstarted\n");
        (await _host.DockerAsync("rm", "-f", id)).AssertSuccess();
    }

    [Fact]
    public async Task AWaitAcrossADaemonRestart_AndAFollowedLog_SeeTheExit()
    {
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", Ticker);
        await _host.WaitForLogAsync(id, "tick 1\n");
        await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();

        var wait = ProcessRunner.RunAsync("docker", ["wait", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        var follow = ProcessRunner.RunAsync("docker", ["logs", "-f", "--tail", "1", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        Assert.False(wait.IsCompleted);
        Assert.False(follow.IsCompleted);
        (await _host.DockerAsync("kill", id)).AssertSuccess();
        Assert.Equal("137", (await wait.WaitAsync(TimeSpan.FromSeconds(30))).AssertSuccess().Stdout.Trim());
        Assert.Contains("tick", (await follow.WaitAsync(TimeSpan.FromSeconds(30))).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task AfterACrash_NewContainersRunAndOldOnesAreRemovable()
    {
        var old = await _host.RunDetachedAsync(ContainerHost.Image, "sleep", "1000");
        var created = await _host.CreateAsync(ContainerHost.Image, "echo", "later");
        await _host.Daemon.KillAsync();
        await _host.Daemon.StartAsync();

        (await _host.DockerAsync("start", created)).AssertSuccess();
        Assert.Equal(0, await _host.WaitAsync(created));
        Assert.Equal("later\n", (await _host.DockerAsync("logs", created)).AssertSuccess().Stdout);
        Assert.Equal("ok\n", await _host.OutputOfAsync(ContainerHost.Image, "echo", "ok"));
        var oldPid = int.Parse(await _host.FormatAsync(old, "{{.State.Pid}}"));
        (await _host.DockerAsync("rm", "-f", old)).AssertSuccess();
        Assert.False(HostProcesses.Exists(oldPid));
        Assert.Empty(HostMounts.Under(Path.Combine(_host.Daemon.ExecRoot, "containers", old)));
    }
}
