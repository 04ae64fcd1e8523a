using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// Pull and push between a real berthd and Debian's docker-registry on loopback (HTTP: 127.0.0.0/8 is an insecure
/// registry by default), through the berth CLI and the docker CLI.
/// </summary>
public sealed class RegistryRoundTripTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private DockerRegistry _registry = null!;
    private BerthDaemon _daemon = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _registry = await DockerRegistry.StartAsync();
        _daemon = await BerthDaemon.StartAsync();
        _cli = new RegistryCli(_daemon, _work.Combine("docker-config"));
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        await _registry.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task BerthPushRemovePull_GivesTheSameDigestAndRuns()
    {
        var name = $"{_registry.Host}/tools/box:1.0";
        (await _cli.BerthAsync("import", "--change", "CMD [\"sh\"]", busybox.TarPath, name)).AssertSuccess();

        var push = (await _cli.BerthAsync("push", name)).AssertSuccess().Stdout;
        Assert.Contains($"The push refers to repository [{_registry.Host}/tools/box]", push);
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Preparing$", push);
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Pushed$", push);
        var pushed = System.Text.RegularExpressions.Regex.Match(push, @"(?m)^1\.0: digest: (sha256:[0-9a-f]{64}) size: (\d+)$");
        Assert.True(pushed.Success, push);
        var digest = pushed.Groups[1].Value;

        var again = (await _cli.BerthAsync("push", name)).AssertSuccess().Stdout;
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Layer already exists$", again);

        (await _cli.BerthAsync("tag", name, $"{_registry.Host}/other/box:2")).AssertSuccess();
        var mounted = (await _cli.BerthAsync("push", $"{_registry.Host}/other/box:2")).AssertSuccess().Stdout;
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Mounted from tools/box$", mounted);

        (await _cli.BerthAsync("rmi", name, $"{_registry.Host}/other/box:2")).AssertSuccess();
        Assert.Equal(1, (await _cli.BerthAsync("image", "inspect", name)).ExitCode);

        var pull = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1.0: Pulling from tools/box", pull[0]);
        Assert.Matches("^[0-9a-f]{12}: Pulling fs layer$", pull[1]);
        Assert.Contains(pull, l => l.EndsWith(": Download complete", StringComparison.Ordinal));
        Assert.Contains(pull, l => l.EndsWith(": Pull complete", StringComparison.Ordinal));
        Assert.Equal([$"Digest: {digest}", $"Status: Downloaded newer image for {name}", name], pull[^3..]);

        using (var inspect = JsonDocument.Parse((await _cli.BerthAsync("image", "inspect", name)).AssertSuccess().Stdout))
        {
            Assert.Equal($"{_registry.Host}/tools/box@{digest}", inspect.RootElement[0].GetProperty("RepoDigests")[0].GetString());
        }
        Assert.Equal("from the registry\n", (await _cli.BerthAsync("run", "--rm", name, "echo", "from the registry")).AssertSuccess().Stdout);

        var upToDate = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout;
        Assert.Contains($"Status: Image is up to date for {name}", upToDate);
        Assert.Equal(name + "\n", (await _cli.BerthAsync("pull", "-q", name)).AssertSuccess().Stdout);

        // By digest, too: the image gets no tag, only its repository digest.
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        (await _cli.BerthAsync("pull", $"{_registry.Host}/tools/box@{digest}")).AssertSuccess();
        Assert.Equal("ok\n", (await _cli.BerthAsync("run", "--rm", $"{_registry.Host}/tools/box@{digest}", "echo", "ok")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task DockerCli_PushesPullsAndRunsAMissingImage()
    {
        var name = $"{_registry.Host}/docker/box:latest";
        (await _cli.DockerAsync("import", busybox.TarPath, name)).AssertSuccess();
        var push = (await _cli.DockerAsync("push", name)).AssertSuccess().Stdout;
        Assert.Matches(@"(?m)^latest: digest: sha256:[0-9a-f]{64} size: \d+$", push);
        (await _cli.DockerAsync("rmi", name)).AssertSuccess();

        var pull = (await _cli.DockerAsync("pull", name)).AssertSuccess().Stdout;
        Assert.Contains("latest: Pulling from docker/box", pull);
        Assert.Contains($"Status: Downloaded newer image for {name}", pull);
        (await _cli.DockerAsync("rmi", name)).AssertSuccess();

        // docker run of an image berthd lacks: the CLI asks for a pull (POST /images/create) and creates again.
        var run = (await _cli.DockerAsync("run", "--rm", name, "echo", "pulled by run")).AssertSuccess();
        Assert.Equal("pulled by run\n", run.Stdout);
        Assert.Contains($"Unable to find image '{name}' locally", run.Stderr);
        Assert.Contains($"Status: Downloaded newer image for {name}", run.Stderr);

        using var http = RawHttp.For(_daemon);
        using var distribution = JsonDocument.Parse(await http.GetStringAsync($"/v1.47/distribution/{name}/json"));
        Assert.StartsWith("sha256:", distribution.RootElement.GetProperty("Descriptor").GetProperty("digest").GetString());
        Assert.Equal("amd64", distribution.RootElement.GetProperty("Platforms")[0].GetProperty("architecture").GetString());
    }

    [Fact]
    public async Task MultiLayerImage_PullsWithLayersPresentOrNot_AndRuns()
    {
        var name = $"{_registry.Host}/multi/layers:1";
        (await _cli.BerthAsync("import", busybox.TarPath, "base:1")).AssertSuccess();
        (await _cli.BerthAsync("run", "--name", "maker", "base:1", "sh", "-c", "echo layered > /layer.txt")).AssertSuccess();
        (await _cli.BerthAsync("commit", "maker", name)).AssertSuccess();
        (await _cli.BerthAsync("rm", "maker")).AssertSuccess();
        (await _cli.BerthAsync("push", name)).AssertSuccess();
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();

        // The bottom layer is still here (base:1): only the top one comes down.
        var partial = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout;
        Assert.Single(partial.Split('\n'), l => l.EndsWith(": Already exists", StringComparison.Ordinal));
        Assert.Single(partial.Split('\n'), l => l.EndsWith(": Pull complete", StringComparison.Ordinal));
        Assert.Equal("layered\n", (await _cli.BerthAsync("run", "--rm", name, "cat", "/layer.txt")).AssertSuccess().Stdout);

        (await _cli.BerthAsync("rmi", name, "base:1")).AssertSuccess();
        var full = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout;
        Assert.Equal(2, full.Split('\n').Count(l => l.EndsWith(": Pull complete", StringComparison.Ordinal)));
        Assert.Equal("layered\n", (await _cli.BerthAsync("run", "--rm", name, "cat", "/layer.txt")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task OnATerminal_EachLayerLineIsRewrittenInPlace()
    {
        var name = $"{_registry.Host}/tty/box:1";
        (await _cli.BerthAsync("import", busybox.TarPath, name)).AssertSuccess();
        (await _cli.BerthAsync("push", name)).AssertSuccess();
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();

        var pull = await PtyRunner.RunAsync([RepoPaths.Berth, "-H", _daemon.Host, "pull", name], new Dictionary<string, string> { ["DOCKER_CONFIG"] = _work.Combine("docker-config") }, []);

        Assert.Equal(0, pull.ExitCode);
        Assert.Matches(@"\u001b\[1A\u001b\[2K\r[0-9a-f]{12}: Downloading \[=*>? *\]", pull.Output);
        Assert.Matches(@"\u001b\[1A\u001b\[2K\r[0-9a-f]{12}: Pull complete", pull.Output);
        Assert.Contains($"Status: Downloaded newer image for {name}", pull.Output);
    }

    [Fact]
    public async Task UnknownImageAndBadReference_FailWithDockersMessages()
    {
        var missing = await _cli.BerthAsync("pull", $"{_registry.Host}/no/such:1");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"Error response from daemon: manifest for {_registry.Host}/no/such:1 not found: manifest unknown: manifest unknown\n", missing.Stderr);

        var dockerMissing = await _cli.DockerAsync("pull", $"{_registry.Host}/no/such:1");
        Assert.Equal(1, dockerMissing.ExitCode);
        Assert.Contains($"manifest for {_registry.Host}/no/such:1 not found: manifest unknown", dockerMissing.Stderr);

        var run = await _cli.BerthAsync("run", "--rm", $"{_registry.Host}/no/such:1", "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains($"Unable to find image '{_registry.Host}/no/such:1' locally", run.Stderr);
        Assert.Contains("manifest unknown", run.Stderr);

        var bad = await _cli.BerthAsync("pull", "Not/A:Valid:Name");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("invalid reference format", bad.Stderr);

        var noRegistry = await _cli.BerthAsync("pull", "127.0.0.1:1/nothing:here");
        Assert.Equal(1, noRegistry.ExitCode);
        Assert.Contains("connection refused", noRegistry.Stderr);
    }
}
