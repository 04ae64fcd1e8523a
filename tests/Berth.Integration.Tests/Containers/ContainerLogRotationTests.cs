using System.Globalization;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// json-file's rotation over conmon's log: at most max-file files of about max-size each, logs (and logs -f, --tail)
/// reading across them in order, and dockerd's errors for bad --log-opt values.
/// </summary>
public sealed class ContainerLogRotationTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const int MaxSize = 32 * 1024;
    private const int MaxFiles = 3;
    private const int Lines = 8000;

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ALogOfManyTimesMaxSize_KeepsMaxFileFiles_AndLogsReadsTheNewestLinesInOrder()
    {
        // Bursts of 200 lines (about 11 KB as conmon writes them) with pauses, about twelve files' worth in all. The
        // pause at the start lets logs -f begin before the first file is rotated away.
        var script = $"sleep 1.5; i=0; while [ $i -lt {Lines} ]; do j=0; while [ $j -lt 200 ]; do i=$((i+1)); j=$((j+1)); echo \"line $i\"; done; sleep 0.05; done";
        var id = await _host.RunDetachedAsync("--log-opt", $"max-size={MaxSize / 1024}k", "--log-opt", $"max-file={MaxFiles}", ContainerHost.Image, "sh", "-c", script);
        var follow = ProcessRunner.RunAsync("docker", ["logs", "-f", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(90));
        Assert.Equal(0, await _host.WaitAsync(id));

        // Following from before the first rotation, every line arrives, once and in order.
        var followed = (await follow.WaitAsync(TimeSpan.FromSeconds(60))).AssertSuccess().Stdout;
        Assert.Equal(Numbers(1, Lines), LineNumbers(followed));

        var dataDir = Path.Join(_host.Daemon.DataRoot, "containers", id);
        var files = Directory.GetFiles(dataDir, "container.log*").Where(f => !f.EndsWith(".pending", StringComparison.Ordinal)).ToList();
        var sizes = files.ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length);
        var described = string.Join(", ", sizes.Select(s => $"{s.Key}={s.Value}"));
        Assert.InRange(files.Count, MaxFiles - 1, MaxFiles);
        Assert.Contains("container.log.1", sizes.Keys);
        // A file passes max-size only by what was written between two of the daemon's looks at it.
        Assert.All(sizes.Values, size => Assert.True(size <= 2 * MaxSize, "files: " + described));
        Assert.True(sizes.Values.Sum() > (MaxFiles - 1) * MaxSize / 2, "files: " + described);

        // logs reads the rotated files oldest first, then the live one: the newest lines, none missing between.
        var logs = LineNumbers((await _host.DockerAsync("logs", id)).AssertSuccess().Stdout);
        Assert.Equal(Lines, logs[^1]);
        Assert.True(logs[0] > 1, "the oldest lines should have been rotated away");
        Assert.Equal(Numbers(logs[0], logs.Count), logs);
        Assert.Equal(Numbers(Lines - 2, 3), LineNumbers((await _host.DockerAsync("logs", "--tail", "3", id)).AssertSuccess().Stdout));

        (await _host.DockerAsync("rm", id)).AssertSuccess();
        Assert.False(Directory.Exists(dataDir), "rm left the container's log files");
    }

    [Fact]
    public async Task WhileTheDaemonIsDown_TheContainerKeepsLogging_AndRotationGoesOnAfter()
    {
        // About 6 KB a second as conmon writes it, 16 KB files: a rotation every few seconds, one or two while the
        // daemon is away, where conmon's own cap (2 × 16 KB counted from its start) may replace the file too.
        var id = await _host.RunDetachedAsync("--log-opt", "max-size=16k", "--log-opt", "max-file=2", ContainerHost.Image,
            "sh", "-c", "i=0; while true; do j=0; while [ $j -lt 10 ]; do i=$((i+1)); j=$((j+1)); echo \"line $i\"; done; sleep 0.1; done");
        await Task.Delay(3000);
        var before = LineNumbers((await _host.DockerAsync("logs", id)).AssertSuccess().Stdout);
        await _host.Daemon.StopAsync();
        await Task.Delay(3000);
        await _host.Daemon.StartAsync();
        await Task.Delay(3000);
        (await _host.DockerAsync("stop", "-t", "1", id)).AssertSuccess();

        var logs = LineNumbers((await _host.DockerAsync("logs", id)).AssertSuccess().Stdout);
        Assert.True(logs[^1] > before[^1] + 300, $"too few lines after the restart: {before[^1]} then {logs[^1]}");
        Assert.Equal(Numbers(logs[0], logs.Count), logs);
        var files = Directory.GetFiles(Path.Join(_host.Daemon.DataRoot, "containers", id), "container.log*")
            .Where(f => !f.EndsWith(".pending", StringComparison.Ordinal)).ToList();
        Assert.InRange(files.Count, 1, 2);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 2 * 16 * 1024, $"{f}: {new FileInfo(f).Length} bytes"));
    }

    [Theory]
    [InlineData("max-file=0", "max-file cannot be less than 1")]
    [InlineData("max-file=-1", "max-file cannot be less than 1")]
    [InlineData("max-file=x", "strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("max-size=abc", "invalid size: 'abc'")]
    [InlineData("max-size=0", "max-size must be a positive number")]
    [InlineData("foo=bar", "unknown log opt 'foo' for json-file log driver")]
    public async Task BadLogOptions_AreRefused_WithDockersErrors(string option, string error)
    {
        // The docker CLI's create exits 1 on a daemon error (run would exit 125).
        var result = await _host.DockerAsync("create", "--log-opt", "max-size=1k", "--log-opt", option, ContainerHost.Image, "true");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(error, result.Stderr);
    }

    [Fact]
    public async Task MaxFileWithoutMaxSize_IsAccepted_AsDockerd20Does()
    {
        // dockerd 20.10 takes max-file alone; Berth's default max-size (10m) then applies.
        var run = await _host.RunAsync("--log-opt", "max-file=2", ContainerHost.Image, "echo", "hi");
        Assert.Equal("hi\n", run.Stdout);
    }

    private static List<int> Numbers(int first, int count) => Enumerable.Range(first, count).ToList();

    private static List<int> LineNumbers(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l["line ".Length..], CultureInfo.InvariantCulture)).ToList();
}
