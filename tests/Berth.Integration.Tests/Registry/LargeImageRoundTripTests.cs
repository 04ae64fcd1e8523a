using System.Text.RegularExpressions;
using Berth.Integration.Tests.Build;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// A ~200 MB image of four layers (busybox and three of 64 MiB random data, which gzip cannot shrink) pushed to and
/// pulled back from both registries on loopback, Berth's own server and Debian's docker-registry: the image comes back
/// with the digest the push printed, the same ID and the same layers, and runs. The image is built once and goes
/// through both registries, so the test costs one build and two round trips.
/// </summary>
public sealed class LargeImageRoundTripTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const int LayerMiB = 64;
    private ContainerHost _host = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _host = await ContainerHost.StartAsync(busybox);
        _cli = RegistryCli.For(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TwoHundredMegabyteImage_RoundTripsThroughBothRegistries_WithIdenticalDigests()
    {
        var runs = string.Concat(Enumerable.Range(1, 3).Select(i => $"RUN head -c {LayerMiB << 20} /dev/urandom > /random{i}\n"));
        using var context = new BuildContext().Dockerfile($"FROM {ContainerHost.Image}\n{runs}CMD [\"sh\", \"-c\", \"cat /random1 /random2 /random3 | wc -c\"]\n");
        (await _cli.BerthAsync("build", "-t", "large:1", context.Path)).AssertSuccess();
        var id = await InspectAsync("large:1", "{{.Id}}");
        var layers = await InspectAsync("large:1", "{{json .RootFS.Layers}}");
        Assert.Equal(4, Regex.Matches(layers, "sha256:").Count);
        Assert.True(long.Parse(await InspectAsync("large:1", "{{.Size}}")) > 3L * LayerMiB << 20);

        await using var berthRegistry = await BerthRegistryProcess.StartAsync();
        await using var dockerRegistry = await DockerRegistry.StartAsync();
        foreach (var registry in new[] { berthRegistry.Host, dockerRegistry.Host })
        {
            var name = $"{registry}/large/image:1";
            (await _cli.BerthAsync("tag", id, name)).AssertSuccess();
            var push = (await _cli.BerthAsync("push", name)).AssertSuccess().Stdout;
            Assert.Equal(4, Regex.Matches(push, @"(?m)^[0-9a-f]{12}: Pushed$").Count);
            var digest = Regex.Match(push, @"(?m)^1: digest: (sha256:[0-9a-f]{64}) size: \d+$").Groups[1].Value;
            Assert.NotEmpty(digest);

            // Every name and the build cache go, so only the busybox layer (busybox:latest's) is still here: the three others come down and are unpacked.
            (await _cli.BerthAsync("rmi", "large:1", name)).AssertSuccess();
            (await _cli.BerthAsync("builder", "prune", "-a", "-f")).AssertSuccess();
            Assert.Equal(1, (await _cli.BerthAsync("image", "inspect", id)).ExitCode);
            var pull = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout;
            Assert.True(Regex.Matches(pull, @"(?m): Pull complete$").Count == 3 && Regex.Matches(pull, @"(?m): Already exists$").Count == 1, pull);
            Assert.Contains($"Digest: {digest}", pull);

            Assert.Equal(id, await InspectAsync(name, "{{.Id}}"));
            Assert.Equal(layers, await InspectAsync(name, "{{json .RootFS.Layers}}"));
            Assert.Equal($"[\"{registry}/large/image@{digest}\"]", await InspectAsync(name, "{{json .RepoDigests}}"));
            Assert.Equal($"{3 * (LayerMiB << 20)}\n", (await _host.DockerAsync("run", "--rm", name)).AssertSuccess().Stdout);
            (await _cli.BerthAsync("tag", name, "large:1")).AssertSuccess();
            (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        }
    }

    private async Task<string> InspectAsync(string image, string format) =>
        (await _cli.BerthAsync("image", "inspect", "-f", format, image)).AssertSuccess().Stdout.Trim();
}
