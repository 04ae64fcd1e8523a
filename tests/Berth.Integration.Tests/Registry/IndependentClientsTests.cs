using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// Berth's registry server (<c>berth registry serve</c>) with clients Berth did not write: podman pulls what berthd
/// pushed and pushes it back under another name for berthd to pull; skopeo copies the archive <c>berth save</c> made
/// into the registry and berthd pulls it. (skopeo copy both ways is in Berth.Registry.Tests' SkopeoInteropTests.)
/// </summary>
public sealed class IndependentClientsTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;
    private RegistryCli _cli = null!;
    private BerthRegistryProcess _registry = null!;

    public async Task InitializeAsync()
    {
        _host = await ContainerHost.StartAsync(busybox);
        _cli = RegistryCli.For(_host);
        _registry = await BerthRegistryProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Podman_PullsWhatBerthPushed_AndPushesWhatBerthThenPulls()
    {
        var name = $"{_registry.Host}/berth/box:1";
        (await _cli.BerthAsync("tag", ContainerHost.Image, name)).AssertSuccess();
        var id = await InspectAsync(ContainerHost.Image, "{{.Id}}");
        var diffIds = await InspectAsync(ContainerHost.Image, "{{json .RootFS.Layers}}");
        var push = (await _cli.BerthAsync("push", name)).AssertSuccess().Stdout;
        var digest = System.Text.RegularExpressions.Regex.Match(push, @"(?m)^1: digest: (sha256:[0-9a-f]{64})").Groups[1].Value;

        using var podmanDirs = new TempDirectory();
        (await PodmanAsync(podmanDirs, "pull", "--tls-verify=false", name)).AssertSuccess();
        // podman's image ID is the config's digest, as Berth's is; its digest is the manifest's the registry served.
        Assert.Equal($"{id} {digest}", (await PodmanAsync(podmanDirs, "image", "inspect", "--format", "sha256:{{.Id}} {{.Digest}}", name)).AssertSuccess().Stdout.Trim());

        var pushed = $"{_registry.Host}/podman/box:2";
        (await PodmanAsync(podmanDirs, "tag", name, pushed)).AssertSuccess();
        var digestFile = podmanDirs.Combine("digest");
        (await PodmanAsync(podmanDirs, "push", "--tls-verify=false", "--digestfile", digestFile, pushed)).AssertSuccess();
        var podmanDigest = (await File.ReadAllTextAsync(digestFile)).Trim();
        Assert.StartsWith("sha256:", podmanDigest);

        (await _cli.BerthAsync("pull", pushed)).AssertSuccess();
        // podman may compress the layer anew (another blob digest), but the uncompressed layers and the manifest it wrote are what Berth has.
        Assert.Equal(diffIds, await InspectAsync(pushed, "{{json .RootFS.Layers}}"));
        Assert.Equal($"[\"{_registry.Host}/podman/box@{podmanDigest}\"]", await InspectAsync(pushed, "{{json .RepoDigests}}"));
        Assert.Equal("via podman\n", (await _host.DockerAsync("run", "--rm", pushed, "echo", "via podman")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task SkopeoCopiesBerthsSavedArchiveIn_AndBerthPullsTheSameImage()
    {
        var archive = _host.Dirs.Combine("saved.tar");
        (await _cli.BerthAsync("save", "-o", archive, ContainerHost.Image)).AssertSuccess();
        var id = await InspectAsync(ContainerHost.Image, "{{.Id}}");
        var diffIds = await InspectAsync(ContainerHost.Image, "{{json .RootFS.Layers}}");

        var target = $"{_registry.Host}/skopeo/box:1";
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--dest-tls-verify=false", $"docker-archive:{archive}", $"docker://{target}"])).AssertSuccess();
        var digest = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{target}"])).AssertSuccess().Stdout.Trim();

        var pull = (await _cli.BerthAsync("pull", target)).AssertSuccess().Stdout;
        Assert.Contains($"Digest: {digest}", pull);
        // skopeo keeps a docker-archive's config byte for byte when it writes schema 2, so the image ID survives the trip.
        Assert.Equal(id, await InspectAsync(target, "{{.Id}}"));
        Assert.Equal(diffIds, await InspectAsync(target, "{{json .RootFS.Layers}}"));
        Assert.Equal($"[\"{_registry.Host}/skopeo/box@{digest}\"]", await InspectAsync(target, "{{json .RepoDigests}}"));
        Assert.Equal("via skopeo\n", (await _host.DockerAsync("run", "--rm", target, "echo", "via skopeo")).AssertSuccess().Stdout);
    }

    private async Task<string> InspectAsync(string image, string format) =>
        (await _cli.BerthAsync("image", "inspect", "-f", format, image)).AssertSuccess().Stdout.Trim();

    /// <summary>podman as root on storage of the test's own (vfs: no mounts to clean up), so the host's images are never touched.</summary>
    private static Task<ProcessResult> PodmanAsync(TempDirectory dirs, params string[] args) =>
        ProcessRunner.RunAsync("podman",
            ["--root", dirs.Combine("root"), "--runroot", dirs.Combine("run"), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file", "--tmpdir", dirs.Combine("tmp"), .. args],
            timeout: TimeSpan.FromMinutes(2));
}
