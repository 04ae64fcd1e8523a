using System.Diagnostics;
using System.Globalization;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>docker logs over conmon's log: streams, --tail, -t, --since/--until, -f, long lines and many lines.</summary>
public sealed class ContainerLogsTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private static readonly System.Text.RegularExpressions.Regex Timestamp = new(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z) (.*)$");

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // conmon reads stdout and stderr from two pipes, so lines of the two streams keep their order only when
    // time passes between them: the scripts sleep where the stream changes.
    [Fact]
    public async Task StdoutAndStderr_AreKeptApart_AndTailCountsLinesOfBoth()
    {
        var run = await _host.RunAsync(ContainerHost.Image, "sh", "-c", "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three; echo four");
        Assert.Equal("one\nthree\nfour\n", run.Stdout);
        Assert.Equal("two\n", run.Stderr);

        var tail = (await _host.DockerAsync("logs", "--tail", "2", run.Id)).AssertSuccess();
        Assert.Equal("three\nfour\n", tail.Stdout);
        Assert.Equal("", tail.Stderr);
        var tail3 = (await _host.DockerAsync("logs", "--tail", "3", run.Id)).AssertSuccess();
        Assert.Equal("three\nfour\n", tail3.Stdout);
        Assert.Equal("two\n", tail3.Stderr);
        Assert.Equal("", (await _host.DockerAsync("logs", "--tail", "0", run.Id)).AssertSuccess().Stdout);
        Assert.Equal("one\nthree\nfour\n", (await _host.DockerAsync("logs", "--tail", "all", run.Id)).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task AnUnterminatedLastLine_IsKept_AndCountsAsALineForTail()
    {
        var run = await _host.RunAsync(ContainerHost.Image, "sh", "-c", "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three; printf 'no newline'");
        Assert.Equal("one\nthree\nno newline", run.Stdout);
        Assert.Equal("two\n", run.Stderr);
        // Docker's json-file keeps "no newline" as an entry of its own: the last two entries are three and it.
        var tail = (await _host.DockerAsync("logs", "--tail", "2", run.Id)).AssertSuccess();
        Assert.Equal("three\nno newline", tail.Stdout);
        Assert.Equal("", tail.Stderr);
        Assert.Equal("no newline", (await _host.DockerAsync("logs", "--tail", "1", run.Id)).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Timestamps_AreRfc3339Nano_AndSinceUntilSelectByThem()
    {
        var run = await _host.RunAsync(ContainerHost.Image, "sh", "-c", "echo early; sleep 2; echo late");
        Assert.Equal(0, run.ExitCode);
        var lines = (await _host.DockerAsync("logs", "-t", run.Id)).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var early = Timestamp.Match(lines[0]);
        var late = Timestamp.Match(lines[1]);
        Assert.True(early.Success && late.Success, "not timestamped lines:\n" + string.Join('\n', lines));
        Assert.Equal("early", early.Groups[3].Value);
        Assert.Equal("late", late.Groups[3].Value);
        var earlyTime = DateTimeOffset.Parse(early.Groups[1].Value, CultureInfo.InvariantCulture);
        var lateTime = DateTimeOffset.Parse(late.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(lateTime - earlyTime, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        Assert.InRange(earlyTime, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);

        var middle = (earlyTime + (lateTime - earlyTime) / 2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        Assert.Equal("late\n", (await _host.DockerAsync("logs", "--since", middle, run.Id)).AssertSuccess().Stdout);
        Assert.Equal("early\n", (await _host.DockerAsync("logs", "--until", middle, run.Id)).AssertSuccess().Stdout);
        Assert.Equal("early\nlate\n", (await _host.DockerAsync("logs", "--since", "10m", run.Id)).AssertSuccess().Stdout);
        Assert.Equal("", (await _host.DockerAsync("logs", "--until", "10m", run.Id)).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Follow_StreamsUntilTheContainerExits()
    {
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "for i in 1 2 3 4 5 6; do echo line $i; sleep 0.3; done; echo bye >&2");
        var watch = Stopwatch.StartNew();
        var follow = await ProcessRunner.RunAsync("docker", ["logs", "-f", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        follow.AssertSuccess();
        Assert.Equal("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n", follow.Stdout);
        Assert.Equal("bye\n", follow.Stderr);
        Assert.Equal("exited", await _host.StatusAsync(id));
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(0.8), $"follow ended after {watch.Elapsed}, before the container did");

        // Following an exited container prints what there is and ends.
        var done = (await ProcessRunner.RunAsync("docker", ["logs", "-f", "--tail", "2", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(20))).AssertSuccess();
        Assert.Equal("line 6\n", done.Stdout);
        Assert.Equal("bye\n", done.Stderr);
    }

    [Fact]
    public async Task Follow_OfARunningContainer_SeesNewLines_AndEndsWhenItIsKilled()
    {
        var id = await _host.RunDetachedAsync(ContainerHost.Image, "sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        await _host.WaitForLogAsync(id, "tick 2\n");
        var follow = ProcessRunner.RunAsync("docker", ["logs", "-f", "--tail", "1", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        await Task.Delay(1500);
        Assert.False(follow.IsCompleted, "logs -f ended while the container runs");
        (await _host.DockerAsync("kill", id)).AssertSuccess();
        var result = (await follow.WaitAsync(TimeSpan.FromSeconds(30))).AssertSuccess();
        var ticks = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(ticks.Length >= 4, "too few lines followed:\n" + result.Stdout);
        var numbers = ticks.Select(t => int.Parse(t.Split(' ')[1])).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
    }

    [Fact]
    public async Task LongLines_AreWhole_AndManyLinesAreAllThere()
    {
        var run = await _host.RunAsync(ContainerHost.Image, "sh", "-c", "head -c 40000 /dev/zero | tr '\\0' x; echo; seq 1 20000");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Equal(new string('x', 40000), lines[0]);
        Assert.Equal(Enumerable.Range(1, 20000).Select(i => i.ToString(CultureInfo.InvariantCulture)), lines[1..^1]);
        Assert.Equal("19999\n20000\n", (await _host.DockerAsync("logs", "--tail", "2", run.Id)).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Logs_SurviveARestart_AndAreAppended()
    {
        var id = await _host.RunDetachedAsync("--name", "twice", ContainerHost.Image, "sh", "-c", "echo run");
        Assert.Equal(0, await _host.WaitAsync(id));
        (await _host.DockerAsync("start", "twice")).AssertSuccess();
        Assert.Equal(0, await _host.WaitAsync(id));
        Assert.Equal("run\nrun\n", (await _host.DockerAsync("logs", "twice")).AssertSuccess().Stdout);

        var missing = await _host.DockerAsync("logs", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No such container: nosuch", missing.Stderr);
    }
}
