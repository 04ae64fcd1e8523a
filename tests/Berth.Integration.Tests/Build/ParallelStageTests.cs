using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary>Independent stages run at once, as BuildKit runs them, while the output still reads in Dockerfile order.</summary>
public sealed class ParallelStageTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // Each stage leaves a mark in a shared cache mount and waits (up to 20 s) for the other's: run one after the other,
    // the first would give up and fail the build.
    private const string Rendezvous = """
        FROM busybox AS left
        RUN --mount=type=cache,id=rendezvous,target=/meet touch /meet/left-$RUN_ID && for i in $(seq 200); do [ -e /meet/right-$RUN_ID ] && break; sleep 0.1; done && [ -e /meet/right-$RUN_ID ] && echo left met right > /left
        FROM busybox AS right
        RUN --mount=type=cache,id=rendezvous,target=/meet touch /meet/right-$RUN_ID && for i in $(seq 200); do [ -e /meet/left-$RUN_ID ] && break; sleep 0.1; done && [ -e /meet/left-$RUN_ID ] && echo right met left > /right
        FROM busybox
        COPY --from=left /left /
        COPY --from=right /right /
        CMD ["cat", "/left", "/right"]
        """;

    [Fact]
    public async Task IndependentStages_RunAtOnce_AndTheOutputKeepsDockerfileOrder()
    {
        using var context = new BuildContext().Dockerfile("ARG RUN_ID\n" + Rendezvous.Replace("FROM busybox AS left\n", "FROM busybox AS left\nARG RUN_ID\n").Replace("FROM busybox AS right\n", "FROM busybox AS right\nARG RUN_ID\n"));

        var build = (await _host.Daemon.BerthAsync("build", "--progress=plain", "--build-arg", $"RUN_ID={Guid.NewGuid():N}", "-t", "parallel:1", context.Path)).AssertSuccess();

        Assert.Equal("left met right\nright met left\n", (await _host.DockerAsync("run", "--rm", "parallel:1")).AssertSuccess().Stdout);
        var steps = build.Stderr.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^#\d+ (\[[^\]]+\] \w+)")).Where(m => m.Success);
        Assert.Equal(
            [
                "[left 1/10] FROM", "[left 2/10] ARG", "[left 3/10] RUN", "[right 4/10] FROM", "[right 5/10] ARG", "[right 6/10] RUN",
                "[7/10] FROM", "[8/10] COPY", "[9/10] COPY", "[10/10] CMD",
            ],
            steps.Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task AFailingStage_CancelsTheOthers_AndItsErrorIsTheBuilds()
    {
        using var context = new BuildContext().Dockerfile("""
            FROM busybox AS slow
            RUN sleep 60
            FROM busybox AS broken
            RUN echo about to fail && exit 3
            FROM busybox
            COPY --from=slow /etc/hostname /a
            COPY --from=broken /etc/hostname /b
            """);
        var started = DateTime.UtcNow;

        var build = await _host.Daemon.BerthAsync("build", "--progress=plain", context.Path);

        Assert.Equal(3, build.ExitCode);
        Assert.Contains("about to fail", build.Stderr);
        Assert.Contains("returned a non-zero code: 3", build.Stderr);
        // The 60 s sleep was stopped, not waited for.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(45), $"the build took {DateTime.UtcNow - started}");
        Assert.Empty((await _host.DockerAsync("ps", "-aq")).AssertSuccess().Stdout.Trim());
    }
}
