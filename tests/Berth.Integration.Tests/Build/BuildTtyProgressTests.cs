using System.Text.RegularExpressions;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary>
/// <c>berth build</c> on a real terminal against a real berthd: BuildKit's live view (<c>[+] Building …</c>, a line per
/// step, redrawn in place) instead of the plain log, as <c>docker build</c> draws it when stderr is a terminal.
/// </summary>
public sealed class BuildTtyProgressTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task OnATerminal_TheViewIsRedrawnInPlace_AndEndsFinished_WithCachedStepsOnARebuild()
    {
        using var context = new BuildContext()
            .With("a.txt", "a\n")
            .Dockerfile("FROM busybox\nCOPY a.txt /a\nRUN echo hello-tty && sleep 1\n");

        // No --progress: auto is the terminal view when stderr is a terminal.
        var first = await BuildOnTerminalAsync("build", "-t", "tty:1", context.Path);

        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"\[\+\] Building \d+\.\ds \(4/4\) FINISHED", first.Output);
        Assert.Matches(@" => \[1/3\] FROM docker\.io/library/busybox +\d+\.\ds", first.Output);
        Assert.Matches(@" => \[3/3\] RUN echo hello-tty && sleep 1 +[1-9]\.\ds", first.Output);
        Assert.Matches(@" => => naming to docker\.io/library/tty:1 +\d+\.\ds", first.Output);
        // While the RUN sleeps its output shows under it, and the ticker redraws the frame in place.
        Assert.Contains(" => => # hello-tty", first.Output);
        Assert.Matches(@"\u001b\[\d+A", first.Output);
        Assert.DoesNotContain("#1 [1/3]", first.Output);
        Assert.Equal("a\n", (await _host.DockerAsync("run", "--rm", "tty:1", "cat", "/a")).AssertSuccess().Stdout);

        var again = await BuildOnTerminalAsync("build", "--progress=tty", "-t", "tty:1", context.Path);

        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@" => CACHED \[2/3\] COPY a\.txt /a +\d+\.\ds", again.Output);
        Assert.Matches(@" => CACHED \[3/3\] RUN echo hello-tty && sleep 1 +\d+\.\ds", again.Output);
        Assert.Matches(@"\[\+\] Building \d+\.\ds \(4/4\) FINISHED", again.Output);
    }

    [Fact]
    public async Task OnATerminal_AFailedStepIsMarkedError_AndItsLogFollowsTheView()
    {
        using var context = new BuildContext().Dockerfile("FROM busybox\nRUN echo oops && exit 4\n");

        var build = await BuildOnTerminalAsync("build", "--progress=tty", context.Path);

        Assert.Equal(4, build.ExitCode);
        Assert.Matches(@" => ERROR \[2/2\] RUN echo oops && exit 4 +\d+\.\ds", build.Output);
        Assert.DoesNotContain("FINISHED", build.Output);
        Assert.Matches(@"------\r\n > \[2/2\] RUN echo oops && exit 4:\r\n\d+\.\d{3} oops\r\n------\r\nERROR: failed to solve: ", build.Output);
        // The error comes after the view's last frame: no redraw follows it.
        var error = build.Output.LastIndexOf("ERROR: failed to solve", StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\u001b\[\d+A", build.Output[error..]);
    }

    private Task<PtyResult> BuildOnTerminalAsync(params string[] args) =>
        PtyRunner.RunAsync([RepoPaths.Berth, "-H", _host.Daemon.Host, .. args], new Dictionary<string, string> { ["NO_COLOR"] = "1" }, [],
            TimeSpan.FromSeconds(120));
}
