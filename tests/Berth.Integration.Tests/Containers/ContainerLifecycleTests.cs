using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// The container verbs through the real docker CLI against berthd, with real processes: create, start,
/// stop, kill, restart, pause/unpause, wait, rm, rename; the exit codes Docker reports; and the wire
/// details the CLI depends on (304s, wait's early headers, the logs stream's framing).
/// </summary>
public sealed class ContainerLifecycleTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreateStartStopRemove_WalksTheStates()
    {
        var id = await _host.CreateAsync("--name", "web", ContainerHost.Image, "sleep", "1000");
        Assert.Equal("created", await _host.StatusAsync("web"));
        Assert.Equal("", (await _host.DockerAsync("ps", "-q")).AssertSuccess().Stdout);
        Assert.Equal("web Created\n", (await _host.DockerAsync("ps", "-a", "--format", "{{.Names}} {{.Status}}")).AssertSuccess().Stdout);
        Assert.Equal("0001-01-01T00:00:00Z", await _host.FormatAsync("web", "{{.State.StartedAt}}"));

        Assert.Equal("web\n", (await _host.DockerAsync("start", "web")).AssertSuccess().Stdout);
        var state = (await _host.InspectAsync(id)).GetProperty("State");
        Assert.Equal("running", state.GetProperty("Status").GetString());
        Assert.True(state.GetProperty("Running").GetBoolean());
        var pid = state.GetProperty("Pid").GetInt32();
        Assert.True(pid > 0 && HostProcesses.Exists(pid), $"pid {pid} is not a live process");
        Assert.Equal("sleep", File.ReadAllText($"/proc/{pid}/comm").Trim());
        Assert.Matches(@"^web Up (Less than a second|\d+ seconds?)\n$", (await _host.DockerAsync("ps", "--format", "{{.Names}} {{.Status}}")).AssertSuccess().Stdout);
        Assert.Single(HostMounts.Under(await _host.FormatAsync(id, "{{.GraphDriver.Data.MergedDir}}")));

        // Starting a running container is not an error (the API answers 304).
        (await _host.DockerAsync("start", "web")).AssertSuccess();

        // sleep as PID 1 has no handler for TERM, so stop ends it with KILL after the timeout.
        var watch = Stopwatch.StartNew();
        Assert.Equal("web\n", (await _host.DockerAsync("stop", "-t", "2", "web")).AssertSuccess().Stdout);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(12));
        state = (await _host.InspectAsync(id)).GetProperty("State");
        Assert.Equal("exited", state.GetProperty("Status").GetString());
        Assert.Equal(137, state.GetProperty("ExitCode").GetInt32());
        Assert.Equal(0, state.GetProperty("Pid").GetInt32());
        Assert.NotEqual("0001-01-01T00:00:00Z", state.GetProperty("FinishedAt").GetString());
        Assert.False(HostProcesses.Exists(pid), $"pid {pid} survived the stop");
        Assert.Matches(@"^web Exited \(137\) (Less than a second|\d+ seconds?) ago\n$", (await _host.DockerAsync("ps", "-a", "--format", "{{.Names}} {{.Status}}")).AssertSuccess().Stdout);

        // Stopping a stopped container is not an error either.
        (await _host.DockerAsync("stop", "web")).AssertSuccess();

        Assert.Equal("web\n", (await _host.DockerAsync("rm", "web")).AssertSuccess().Stdout);
        var gone = await _host.DockerAsync("inspect", "web");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("No such object: web", gone.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_host.Daemon.DataRoot, "containers", id)));
        Assert.Empty(HostCgroups.Of(id));
    }

    [Fact]
    public async Task ExitCodes_AreTheProcesses()
    {
        var three = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "exit 3");
        Assert.Equal(3, await _host.WaitAsync(three));
        Assert.Equal("exited 3", await _host.FormatAsync(three, "{{.State.Status}} {{.State.ExitCode}}"));
        // Waiting again on an exited container answers at once with the same code.
        Assert.Equal(3, await _host.WaitAsync(three));

        var killed = await _host.RunDetachedAsync(ContainerHost.Image, "sleep", "1000");
        (await _host.DockerAsync("kill", killed)).AssertSuccess();
        Assert.Equal(137, await _host.WaitAsync(killed));

        // A shell whose child dies of SIGTERM reports 128+15 as the container's exit code.
        var term = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "sleep 1000 & child=$!; kill -TERM $child; wait $child");
        Assert.Equal(143, await _host.WaitAsync(term));
    }

    [Fact]
    public async Task MissingCommand_Is127_NotExecutable_Is126_AndTheErrorIsRecorded()
    {
        var missing = await _host.DockerAsync("run", "-d", "--name", "missing", ContainerHost.Image, "/no/such/program");
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("executable file not found", missing.Stderr);
        var state = (await _host.InspectAsync("missing")).GetProperty("State");
        Assert.Equal(127, state.GetProperty("ExitCode").GetInt32());
        Assert.Contains("/no/such/program", state.GetProperty("Error").GetString());
        Assert.Equal("created", state.GetProperty("Status").GetString());
        Assert.False(state.GetProperty("Running").GetBoolean());

        // docker start reports the failure and exits 1; the container keeps its 127.
        var start = await _host.DockerAsync("start", "missing");
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("executable file not found", start.Stderr);
        Assert.Contains("failed to start containers: missing", start.Stderr);
        Assert.Equal("127", await _host.FormatAsync("missing", "{{.State.ExitCode}}"));
        Assert.Empty(HostMounts.Under(await _host.FormatAsync("missing", "{{.GraphDriver.Data.MergedDir}}")));

        // A file that is not executable: docker's CLI maps "permission denied" to 126.
        var notExecutable = await _host.DockerAsync("run", "-d", "--name", "noexec", ContainerHost.Image, "/etc/passwd");
        Assert.True(notExecutable.ExitCode == 126, $"docker run exited {notExecutable.ExitCode}, not 126: {notExecutable.Stderr}");
        Assert.Equal("126", await _host.FormatAsync("noexec", "{{.State.ExitCode}}"));
    }

    [Fact]
    public async Task StopSignal_AndStopTimeout_AreTheContainers()
    {
        const string trapper = "trap 'echo got-usr1; exit 7' USR1; echo ready; while true; do sleep 0.1; done";
        var usr1 = await _host.RunDetachedAsync("--stop-signal", "USR1", ContainerHost.Image, "sh", "-c", trapper);
        await _host.WaitForLogAsync(usr1, "ready");
        var watch = Stopwatch.StartNew();
        (await _host.DockerAsync("stop", usr1)).AssertSuccess();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"stop took {watch.Elapsed}: USR1 was not sent");
        Assert.Equal(7, await _host.WaitAsync(usr1));
        Assert.Contains("got-usr1", (await _host.DockerAsync("logs", usr1)).Stdout);
        Assert.Equal("USR1", await _host.FormatAsync(usr1, "{{.Config.StopSignal}}"));

        // --stop-timeout 1: the default TERM is ignored by PID 1, KILL follows after one second, not ten.
        var quick = await _host.RunDetachedAsync("--stop-timeout", "1", ContainerHost.Image, "sleep", "1000");
        watch.Restart();
        (await _host.DockerAsync("stop", quick)).AssertSuccess();
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(6));
        Assert.Equal(137, await _host.WaitAsync(quick));
        Assert.Equal("1", await _host.FormatAsync(quick, "{{.Config.StopTimeout}}"));

        // docker stop -s overrides the container's signal.
        var overridden = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", trapper);
        await _host.WaitForLogAsync(overridden, "ready");
        (await _host.DockerAsync("stop", "-s", "USR1", overridden)).AssertSuccess();
        Assert.Equal(7, await _host.WaitAsync(overridden));
    }

    [Fact]
    public async Task Kill_SendsTheSignalGiven_AndRefusesAStoppedContainer()
    {
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "trap 'echo got-hup' HUP; echo ready; while true; do sleep 0.1; done");
        await _host.WaitForLogAsync(id, "ready");
        (await _host.DockerAsync("kill", "-s", "HUP", id)).AssertSuccess();
        await _host.WaitForLogAsync(id, "got-hup");
        Assert.Equal("running", await _host.StatusAsync(id));

        var bad = await _host.DockerAsync("kill", "-s", "NOSUCHSIG", id);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal("running", await _host.StatusAsync(id));

        (await _host.DockerAsync("kill", id)).AssertSuccess();
        Assert.Equal("exited", await _host.StatusAsync(id));
        Assert.Equal("137", await _host.FormatAsync(id, "{{.State.ExitCode}}"));

        var again = await _host.DockerAsync("kill", id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not running", again.Stderr);
    }

    [Fact]
    public async Task Restart_GivesANewProcess_AndStartsAStoppedContainer()
    {
        var id = await _host.RunDetachedAsync("--name", "again", ContainerHost.Image, "sleep", "1000");
        var before = (await _host.InspectAsync(id)).GetProperty("State");
        (await _host.DockerAsync("restart", "-t", "0", "again")).AssertSuccess();
        var after = (await _host.InspectAsync(id)).GetProperty("State");
        Assert.Equal("running", after.GetProperty("Status").GetString());
        Assert.NotEqual(before.GetProperty("Pid").GetInt32(), after.GetProperty("Pid").GetInt32());
        Assert.False(HostProcesses.Exists(before.GetProperty("Pid").GetInt32()));
        Assert.True(HostProcesses.Exists(after.GetProperty("Pid").GetInt32()));
        Assert.True(DateTimeOffset.Parse(after.GetProperty("StartedAt").GetString()!) > DateTimeOffset.Parse(before.GetProperty("StartedAt").GetString()!));
        // A manual restart is not counted as the policy's.
        Assert.Equal("0", await _host.FormatAsync(id, "{{.RestartCount}}"));

        (await _host.DockerAsync("stop", "-t", "0", "again")).AssertSuccess();
        (await _host.DockerAsync("restart", "again")).AssertSuccess();
        Assert.Equal("running", await _host.StatusAsync("again"));
    }

    [Fact]
    public async Task Restart_OfAnRmContainer_StartsItAgain_AndItsWritableLayerRemountsAfterTheVolatileMount()
    {
        var id = await _host.RunDetachedAsync("--rm", ContainerHost.Image, "sh", "-c", "echo kept >> /layer-file; sleep 1000");
        await WaitForFileLinesAsync(id, 1);

        (await _host.DockerAsync("restart", "-t", "0", id)).AssertSuccess();

        Assert.Equal("running", await _host.StatusAsync(id));
        await WaitForFileLinesAsync(id, 2);
        // A plain stop is the end of a --rm container, as before.
        (await _host.DockerAsync("stop", "-t", "0", id)).AssertSuccess();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _host.DockerAsync("inspect", id)).ExitCode == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the --rm container was not removed after its stop");
            await Task.Delay(50);
        }
    }

    private async Task WaitForFileLinesAsync(string id, int lines)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var read = await _host.DockerAsync("exec", id, "cat", "/layer-file");
            if (read.ExitCode == 0 && CountLines(read.Stdout) == lines) return;
            Assert.True(DateTime.UtcNow < deadline, $"/layer-file never had {lines} line(s): {read.Stdout}{read.Stderr}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task PauseUnpause_FreezesTheProcesses()
    {
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done");
        await _host.WaitForLogAsync(id, "3\n");
        (await _host.DockerAsync("pause", id)).AssertSuccess();
        var state = (await _host.InspectAsync(id)).GetProperty("State");
        Assert.Equal("paused", state.GetProperty("Status").GetString());
        Assert.True(state.GetProperty("Paused").GetBoolean());
        Assert.True(state.GetProperty("Running").GetBoolean());
        Assert.Contains("(Paused)", (await _host.DockerAsync("ps", "--format", "{{.Status}}")).Stdout);
        var freezer = HostCgroups.File(id, "freezer", "freezer.state");
        if (freezer is not null) Assert.Equal("FROZEN", File.ReadAllText(freezer).Trim());
        else Assert.Equal("1", File.ReadAllText(HostCgroups.File(id, "", "cgroup.freeze")!).Trim());

        await Task.Delay(300);
        var frozen = CountLines((await _host.DockerAsync("logs", id)).Stdout);
        await Task.Delay(700);
        Assert.Equal(frozen, CountLines((await _host.DockerAsync("logs", id)).Stdout));

        var twice = await _host.DockerAsync("pause", id);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("is already paused", twice.Stderr);
        var start = await _host.DockerAsync("start", id);
        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("cannot start a paused container, try unpause instead", start.Stderr);

        (await _host.DockerAsync("unpause", id)).AssertSuccess();
        Assert.Equal("running", await _host.StatusAsync(id));
        await _host.WaitForLogAsync(id, $"{frozen + 3}\n");
        var notPaused = await _host.DockerAsync("unpause", id);
        Assert.Equal(1, notPaused.ExitCode);
        Assert.Contains("is not paused", notPaused.Stderr);

        // A paused container can be stopped: it is thawed to receive the signals.
        (await _host.DockerAsync("pause", id)).AssertSuccess();
        (await _host.DockerAsync("stop", "-t", "1", id)).AssertSuccess();
        Assert.Equal("exited", await _host.StatusAsync(id));
    }

    [Fact]
    public async Task Remove_RunningNeedsForce_AndForceKillsAndCleansUp()
    {
        var id = await _host.RunDetachedAsync("--name", "busy", ContainerHost.Image, "sleep", "1000");
        var pid = int.Parse(await _host.FormatAsync(id, "{{.State.Pid}}"));
        var merged = await _host.FormatAsync(id, "{{.GraphDriver.Data.MergedDir}}");

        var refused = await _host.DockerAsync("rm", "busy");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("container is running: stop the container before removing or force remove", refused.Stderr);
        Assert.True(HostProcesses.Exists(pid));

        Assert.Equal("busy\n", (await _host.DockerAsync("rm", "-f", "busy")).AssertSuccess().Stdout);
        Assert.False(HostProcesses.Exists(pid), "rm -f left the process running");
        Assert.Empty(HostMounts.Under(merged));
        Assert.Empty(HostCgroups.Of(id));
        Assert.Empty(HostProcesses.ConmonsUnder(id));
        Assert.Equal("", (await _host.DockerAsync("ps", "-aq")).Stdout);

        var missing = await _host.DockerAsync("rm", "busy");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No such container: busy", missing.Stderr);

        // --rm: removed when it exits.
        var auto = await _host.RunDetachedAsync("--rm", ContainerHost.Image, "true");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await _host.DockerAsync("inspect", auto)).ExitCode == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.NotEqual(0, (await _host.DockerAsync("inspect", auto)).ExitCode);
    }

    [Fact]
    public async Task Rename_KeepsTheContainer_AndRefusesATakenName()
    {
        var id = await _host.RunDetachedAsync("--name", "first", ContainerHost.Image, "sleep", "1000");
        await _host.CreateAsync("--name", "taken", ContainerHost.Image);
        (await _host.DockerAsync("rename", "first", "second")).AssertSuccess();
        Assert.Equal("/second", await _host.FormatAsync(id, "{{.Name}}"));
        Assert.Equal("running", await _host.StatusAsync("second"));
        Assert.Contains("No such", (await _host.DockerAsync("inspect", "first")).Stderr);

        var conflict = await _host.DockerAsync("rename", "second", "taken");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("The container name \"/taken\" is already in use", conflict.Stderr);
        Assert.Equal("/second", await _host.FormatAsync(id, "{{.Name}}"));

        // The old name is free again.
        await _host.CreateAsync("--name", "first", ContainerHost.Image);
        var invalid = await _host.DockerAsync("rename", "second", "bad name!");
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("Invalid container name", invalid.Stderr);
    }

    [Fact]
    public async Task Api_StartOfARunningContainerIs304_StopOfAStoppedOneIs304()
    {
        using var http = RawHttp.For(_host.Daemon);
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sleep", "1000");
        using (var start = await http.PostAsync($"/v1.51/containers/{id}/start", null))
            Assert.Equal(HttpStatusCode.NotModified, start.StatusCode);
        using (var stop = await http.PostAsync($"/v1.51/containers/{id}/stop?t=0", null))
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        using (var stop = await http.PostAsync($"/v1.51/containers/{id}/stop", null))
            Assert.Equal(HttpStatusCode.NotModified, stop.StatusCode);
        using (var missing = await http.PostAsync("/v1.51/containers/nosuch/start", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("No such container: nosuch", await missing.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("""{"Image":"busybox:latest","Cmd":["echo","hello world"]}""")]
    [InlineData("""{"Image":"busybox:latest","Cmd":["echo","hello world"],"User":"","WorkingDir":"","HostConfig":{"Memory":0}}""")]
    public async Task Api_CreateWithAMinimalBody_Works(string json)
    {
        // The Engine API's own example (and what SDKs other than the docker CLI send): only the fields that matter.
        using var http = RawHttp.For(_host.Daemon);
        using var create = await http.PostAsync("/v1.51/containers/create", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await create.Content.ReadAsStringAsync();
        Assert.True(create.StatusCode == HttpStatusCode.Created, $"{(int)create.StatusCode} {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("Id").GetString()!;
        (await _host.DockerAsync("start", id)).AssertSuccess();
        Assert.Equal(0, await _host.WaitAsync(id));
        Assert.Equal("hello world\n", (await _host.DockerAsync("logs", id)).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Api_WaitSendsItsHeadersAtOnce_AndTheBodyAtTheExit()
    {
        using var http = RawHttp.For(_host.Daemon);
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sleep", "1000");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1.51/containers/{id}/wait");
        using var headersIn = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersIn.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = response.Content.ReadAsStringAsync();
        await Task.Delay(500);
        Assert.False(body.IsCompleted, "wait answered before the container exited");

        (await _host.DockerAsync("kill", id)).AssertSuccess();
        using var document = JsonDocument.Parse(await body.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(137, document.RootElement.GetProperty("StatusCode").GetInt32());

        // condition=removed: answers when the container is gone.
        using var removal = new HttpRequestMessage(HttpMethod.Post, $"/v1.51/containers/{id}/wait?condition=removed");
        using var removed = await http.SendAsync(removal, HttpCompletionOption.ResponseHeadersRead);
        var removedBody = removed.Content.ReadAsStringAsync();
        await Task.Delay(300);
        Assert.False(removedBody.IsCompleted, "wait for removal answered before the removal");
        (await _host.DockerAsync("rm", id)).AssertSuccess();
        using var removedDocument = JsonDocument.Parse(await removedBody.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(137, removedDocument.RootElement.GetProperty("StatusCode").GetInt32());
    }

    [Fact]
    public async Task Api_LogsAreFramedByStream_WithoutATty_AndRawWithOne()
    {
        using var http = RawHttp.For(_host.Daemon);
        var plain = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "echo out; sleep 0.2; echo err >&2");
        Assert.Equal(0, await _host.WaitAsync(plain));
        using (var response = await http.GetAsync($"/v1.51/containers/{plain}/logs?stdout=1&stderr=1"))
        {
            Assert.Equal("application/vnd.docker.multiplexed-stream", response.Content.Headers.ContentType?.MediaType);
            var frames = ParseFrames(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal([(1, "out\n"), (2, "err\n")], frames);
        }
        using (var response = await http.GetAsync($"/v1.51/containers/{plain}/logs?stderr=1"))
            Assert.Equal([(2, "err\n")], ParseFrames(await response.Content.ReadAsByteArrayAsync()));
        using (var response = await http.GetAsync($"/v1.51/containers/{plain}/logs"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var tty = await _host.RunDetachedAsync("-t", ContainerHost.Image, "sh", "-c", "echo out; sleep 0.2; echo err >&2");
        Assert.Equal(0, await _host.WaitAsync(tty));
        using (var response = await http.GetAsync($"/v1.51/containers/{tty}/logs?stdout=1&stderr=1"))
        {
            Assert.Equal("application/vnd.docker.raw-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("out\r\nerr\r\n", await response.Content.ReadAsStringAsync());
        }
    }

    private static int CountLines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private static List<(int Stream, string Text)> ParseFrames(byte[] bytes)
    {
        var frames = new List<(int, string)>();
        for (var offset = 0; offset < bytes.Length;)
        {
            Assert.True(bytes.Length - offset >= 8, "a truncated frame header");
            Assert.Equal(0, bytes[offset + 1] | bytes[offset + 2] | bytes[offset + 3]);
            var size = (bytes[offset + 4] << 24) | (bytes[offset + 5] << 16) | (bytes[offset + 6] << 8) | bytes[offset + 7];
            frames.Add((bytes[offset], System.Text.Encoding.UTF8.GetString(bytes, offset + 8, size)));
            offset += 8 + size;
        }
        return frames;
    }
}
