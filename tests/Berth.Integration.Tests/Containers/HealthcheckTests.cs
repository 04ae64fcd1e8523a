using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// Healthchecks from <c>--health-*</c> flags and from the image's config: starting → unhealthy after the retries
/// fail → healthy once the probe passes, shown in ps, inspect and the health filter, and gone when disabled.
/// </summary>
public sealed class HealthcheckTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> HealthAsync(string id) => await _host.FormatAsync(id, "{{.State.Health.Status}}");

    private async Task WaitForHealthAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await HealthAsync(id);
            if (last == status) return;
            await Task.Delay(200);
        }
        Assert.Fail($"health stayed {last}, expected {status}\n{_host.LogTail()}");
    }

    [Fact]
    public async Task FailingProbe_TurnsUnhealthy_ThenHealthyWhenItPasses()
    {
        var id = await _host.RunDetachedAsync("--name", "probed", "--health-cmd", "test -f /tmp/ok", "--health-interval", "300ms", "--health-retries", "2", ContainerHost.Image, "sleep", "100");
        Assert.Equal("starting", await HealthAsync(id));
        Assert.Contains("(health: starting)", (await _host.DockerAsync("ps", "--format", "{{.Status}}")).AssertSuccess().Stdout);

        await WaitForHealthAsync(id, "unhealthy");
        Assert.Equal("probed\n", (await _host.DockerAsync("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}")).AssertSuccess().Stdout);
        Assert.True(int.Parse(await _host.FormatAsync(id, "{{.State.Health.FailingStreak}}")) >= 2);

        (await _host.DockerAsync("exec", id, "touch", "/tmp/ok")).AssertSuccess();
        await WaitForHealthAsync(id, "healthy");
        Assert.Matches(@"^Up .+ \(healthy\)\n$", (await _host.DockerAsync("ps", "--format", "{{.Status}}")).AssertSuccess().Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Health_SurvivesADaemonRestart_AndTheChecksGoOn(bool crash)
    {
        // Interval long enough that no probe runs between the last look before the restart and the first after.
        var id = await _host.RunDetachedAsync("--health-cmd", "echo probe; exit 3", "--health-interval", "1s", "--health-retries", "2", ContainerHost.Image, "sleep", "100");
        await WaitForHealthAsync(id, "unhealthy");
        using var before = System.Text.Json.JsonDocument.Parse(await _host.FormatAsync(id, "{{json .State.Health}}"));
        var streakBefore = before.RootElement.GetProperty("FailingStreak").GetInt32();
        var firstProbe = before.RootElement.GetProperty("Log")[0].GetProperty("Start").GetString();
        Assert.Equal("probe\n", before.RootElement.GetProperty("Log")[0].GetProperty("Output").GetString());

        if (crash) await _host.Daemon.KillAsync();
        else await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();

        using var after = System.Text.Json.JsonDocument.Parse(await _host.FormatAsync(id, "{{json .State.Health}}"));
        Assert.Equal("unhealthy", after.RootElement.GetProperty("Status").GetString());
        // The same record: its streak and probes as they were, or one probe on if one ran just before the stop.
        var streakAfter = after.RootElement.GetProperty("FailingStreak").GetInt32();
        Assert.InRange(streakAfter, streakBefore, streakBefore + 1);
        var starts = after.RootElement.GetProperty("Log").EnumerateArray().Select(p => p.GetProperty("Start").GetString()).ToList();
        Assert.True(starts.Contains(firstProbe) || streakAfter > streakBefore, $"probe {firstProbe} is gone: {string.Join(", ", starts)}");
        Assert.Contains("(unhealthy)", (await _host.DockerAsync("ps", "--format", "{{.Status}}")).AssertSuccess().Stdout);

        // The new daemon probes the still-running container: the streak grows from where it was.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (int.Parse(await _host.FormatAsync(id, "{{.State.Health.FailingStreak}}")) <= streakAfter)
        {
            Assert.True(DateTime.UtcNow < deadline, "no probe after the restart\n" + _host.LogTail());
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task ProbeOutput_IsKept_AndTheImagesHealthcheckIsUsed_UnlessDisabled()
    {
        // An image whose config has a healthcheck: committed from a container created with one.
        var source = await _host.CreateAsync("--health-cmd", "echo probe-ran", "--health-interval", "300ms", ContainerHost.Image, "true");
        (await _host.DockerAsync("commit", source, "with-health:1")).AssertSuccess();
        Assert.Contains("probe-ran", (await _host.DockerAsync("image", "inspect", "--format", "{{json .Config.Healthcheck}}", "with-health:1")).AssertSuccess().Stdout);

        var id = await _host.RunDetachedAsync("with-health:1", "sleep", "100");
        await WaitForHealthAsync(id, "healthy");
        Assert.Contains("probe-ran", await _host.FormatAsync(id, "{{json .State.Health.Log}}"));

        var disabled = await _host.RunDetachedAsync("--no-healthcheck", "with-health:1", "sleep", "100");
        await Task.Delay(800);
        Assert.Equal("null", await _host.FormatAsync(disabled, "{{json .State.Health}}"));
    }
}
