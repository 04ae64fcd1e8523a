using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary><c>COPY --link</c>'s layer of its own, and <c>FROM --platform</c> checked against the base image.</summary>
public sealed class CopyLinkAndPlatformTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("--link ", "755")]
    [InlineData("", "700")]
    public async Task CopyLink_MakesItsLayerOverNothing_SoItsParentDirectoriesAreNew(string flag, string directoryMode)
    {
        using var context = new BuildContext()
            .With("f.txt", "content\n")
            .Dockerfile($"FROM busybox\nRUN mkdir /opt && mkdir -m 700 /opt/app\nCOPY {flag}f.txt /opt/app/\nCMD [\"sh\", \"-c\", \"stat -c %a /opt/app && cat /opt/app/f.txt\"]\n");

        (await _host.Daemon.BerthAsync("build", "-q", "-t", "link:1", context.Path)).AssertSuccess();

        // BuildKit's --link: the layer holds /opt/app as the copy made it (0755), over the parent's 0700.
        Assert.Equal($"{directoryMode}\ncontent\n", (await _host.DockerAsync("run", "--rm", "link:1")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task CopyLink_LayerIsReusedOnAChangedParent_AndARebuildIsFullyCached()
    {
        using var context = new BuildContext()
            .With("f.txt", "content\n")
            .Dockerfile("FROM busybox\nARG MARK\nRUN echo $MARK > /mark\nCOPY --link f.txt /data/\n");
        var one = (await _host.Daemon.BerthAsync("build", "-q", "--build-arg", "MARK=1", context.Path)).AssertSuccess().Stdout.Trim();
        var two = (await _host.Daemon.BerthAsync("build", "-q", "--build-arg", "MARK=2", context.Path)).AssertSuccess().Stdout.Trim();

        var again = (await _host.Daemon.BerthAsync("build", "--progress=plain", "--build-arg", "MARK=2", context.Path)).AssertSuccess();

        Assert.NotEqual(one, two);
        Assert.Equal(await TopLayerAsync(one), await TopLayerAsync(two));
        Assert.Matches(@"COPY --link f.txt /data/\n#\d+ CACHED\n", again.Stderr);
    }

    [Fact]
    public async Task FromPlatform_OfTheHost_Builds_AndOfAnotherIsDockersError()
    {
        (await _host.DockerAsync("tag", "busybox", "127.0.0.1:9/busybox")).AssertSuccess();
        using var host = new BuildContext().Dockerfile("FROM --platform=$BUILDPLATFORM 127.0.0.1:9/busybox\nRUN true\n");
        using var other = new BuildContext().Dockerfile("FROM --platform=linux/arm64 127.0.0.1:9/busybox\nRUN true\n");

        (await _host.Daemon.BerthAsync("build", "-q", host.Path)).AssertSuccess();
        var failed = await _host.Daemon.BerthAsync("build", other.Path);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("image with reference 127.0.0.1:9/busybox was found but does not match the specified platform: wanted linux/arm64/v8, actual: linux/amd64", failed.Stderr);
    }

    private async Task<string?> TopLayerAsync(string image)
    {
        var layers = (await _host.DockerAsync("image", "inspect", "-f", "{{json .RootFS.Layers}}", image)).AssertSuccess().Stdout;
        return System.Text.Json.JsonDocument.Parse(layers).RootElement.EnumerateArray().Last().GetString();
    }
}
