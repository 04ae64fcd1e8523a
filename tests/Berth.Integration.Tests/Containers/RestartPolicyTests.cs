using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// --restart no / on-failure[:N] / always / unless-stopped with real exits, and what a user's stop and a daemon
/// restart do to them (Docker: a stopped <c>always</c> container starts again with the daemon, a stopped
/// <c>unless-stopped</c> one does not).
/// </summary>
public sealed class RestartPolicyTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<int> RestartCountAsync(string id) => int.Parse(await _host.FormatAsync(id, "{{.RestartCount}}"));

    private async Task<int> RunsAsync(string id) =>
        (await _host.DockerAsync("logs", id)).AssertSuccess().Stdout.Split('\n').Count(l => l == "run");

    /// <summary>Polls until the container is exited with <paramref name="restarts"/> restarts, then checks it stays that way.</summary>
    private async Task SettlesAsync(string id, int restarts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await _host.FormatAsync(id, "{{.State.Status}} {{.RestartCount}}");
            if (last == $"exited {restarts}") break;
            await Task.Delay(100);
        }
        Assert.Equal($"exited {restarts}", last);
        await Task.Delay(1500);
        Assert.Equal($"exited {restarts}", await _host.FormatAsync(id, "{{.State.Status}} {{.RestartCount}}"));
    }

    [Fact]
    public async Task No_LeavesAFailedContainerExited()
    {
        var id = await _host.RunDetachedAsync("--restart", "no", ContainerHost.Image, "sh", "-c", "echo run; exit 1");
        Assert.Equal(1, await _host.WaitAsync(id));
        await SettlesAsync(id, 0);
        Assert.Equal(1, await RunsAsync(id));
    }

    [Fact]
    public async Task OnFailure2_RestartsTwice_ThenStays()
    {
        var id = await _host.RunDetachedAsync("--restart", "on-failure:2", ContainerHost.Image, "sh", "-c", "echo run; exit 5");
        await SettlesAsync(id, 2);
        Assert.Equal(3, await RunsAsync(id));
        Assert.Equal("5", await _host.FormatAsync(id, "{{.State.ExitCode}}"));
        Assert.Equal("on-failure 2", await _host.FormatAsync(id, "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"));
    }

    [Fact]
    public async Task OnFailure_DoesNotRestartASuccess()
    {
        var id = await _host.RunDetachedAsync("--restart", "on-failure", ContainerHost.Image, "sh", "-c", "echo run; exit 0");
        await SettlesAsync(id, 0);
        Assert.Equal(1, await RunsAsync(id));
    }

    [Theory]
    [InlineData("always")]
    [InlineData("unless-stopped")]
    public async Task AlwaysAndUnlessStopped_RestartEvenASuccess_UntilStopped(string policy)
    {
        var id = await _host.RunDetachedAsync("--restart", policy, ContainerHost.Image, "sh", "-c", "echo run; sleep 0.2");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RestartCountAsync(id) < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(await RestartCountAsync(id) >= 3, $"restarted {await RestartCountAsync(id)} times\n{_host.LogTail()}");
        Assert.True(await RunsAsync(id) >= 4);

        (await _host.DockerAsync("stop", "-t", "1", id)).AssertSuccess();
        var count = await RestartCountAsync(id);
        await SettlesAsync(id, count);

        // A start by the user puts the policy back to work.
        (await _host.DockerAsync("start", id)).AssertSuccess();
        deadline = DateTime.UtcNow.AddSeconds(30);
        var runs = await RunsAsync(id);
        while (await RunsAsync(id) < runs + 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(await RunsAsync(id) >= runs + 2, "the policy did not restart the container after a manual start");
    }

    [Fact]
    public async Task ForceRemove_DuringTheBackOff_Works()
    {
        var id = await _host.RunDetachedAsync("--restart", "always", ContainerHost.Image, "sh", "-c", "exit 1");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RestartCountAsync(id) < 5 && DateTime.UtcNow < deadline) await Task.Delay(50);
        (await _host.DockerAsync("rm", "-f", id)).AssertSuccess();
        await Task.Delay(1000);
        Assert.Equal("", (await _host.DockerAsync("ps", "-aq")).AssertSuccess().Stdout);
        Assert.Empty(HostProcesses.ConmonsUnder(id));
        Assert.Empty(HostCgroups.Of(id));
    }

    [Fact]
    public async Task DaemonRestart_StartsAStoppedAlwaysContainer_ButNotAStoppedUnlessStoppedOne()
    {
        var always = await _host.RunDetachedAsync("--name", "always", "--restart", "always", ContainerHost.Image, "sleep", "1000");
        var unless = await _host.RunDetachedAsync("--name", "unless", "--restart", "unless-stopped", ContainerHost.Image, "sleep", "1000");
        var running = await _host.RunDetachedAsync("--name", "running-unless", "--restart", "unless-stopped", ContainerHost.Image, "sleep", "1000");
        (await _host.DockerAsync("stop", "-t", "0", always, unless)).AssertSuccess();

        await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();

        await _host.WaitForStatusAsync(always, "running", TimeSpan.FromSeconds(20));
        Assert.Equal("running", await _host.StatusAsync(running));
        await Task.Delay(1000);
        Assert.Equal("exited", await _host.StatusAsync(unless));
    }
}
