using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary><c>RUN --mount=type=bind</c> of the context or of another stage, its content part of the step's cache key.</summary>
public sealed class RunBindMountTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ABindFromAStage_IsReadOnly_AndLeavesNoTraceInTheLayer()
    {
        using var context = new BuildContext().Dockerfile("""
            FROM busybox AS builder
            RUN mkdir /out && echo built > /out/artifact
            FROM busybox
            RUN --mount=type=bind,from=builder,source=/out,target=/in cat /in/artifact > /copied && ! touch /in/x 2>/dev/null
            CMD ["sh", "-c", "cat /copied; [ -e /in ] && echo present || echo absent"]
            """);

        (await _host.Daemon.BerthAsync("build", "-q", "-t", "bindfrom:1", context.Path)).AssertSuccess();

        Assert.Equal("built\nabsent\n", (await _host.DockerAsync("run", "--rm", "bindfrom:1")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task AChangeInABoundContextFile_RerunsTheStep()
    {
        using var context = new BuildContext()
            .With("input.txt", "one\n")
            .Dockerfile("FROM busybox\nRUN --mount=type=bind,source=input.txt,target=/input.txt cp /input.txt /seen\nCMD [\"cat\", \"/seen\"]\n");
        (await _host.Daemon.BerthAsync("build", "-q", "-t", "bindctx:1", context.Path)).AssertSuccess();
        Assert.Equal("one\n", (await _host.DockerAsync("run", "--rm", "bindctx:1")).AssertSuccess().Stdout);

        context.With("input.txt", "two\n");
        (await _host.Daemon.BerthAsync("build", "-q", "-t", "bindctx:1", context.Path)).AssertSuccess();

        Assert.Equal("two\n", (await _host.DockerAsync("run", "--rm", "bindctx:1")).AssertSuccess().Stdout);
    }
}
