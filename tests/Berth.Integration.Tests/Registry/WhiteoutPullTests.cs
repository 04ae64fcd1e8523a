using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Berth.Integration.Tests.Build;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// An image whose upper layer deletes a file of a lower one (a <c>.wh.</c> whiteout) and replaces a directory
/// (an opaque directory), pushed to docker-registry and pulled back into a berthd that has none of its layers
/// but the base: the layers are unpacked apart from each other and stacked afterwards, and the container must
/// still see exactly the top layer's view.
/// </summary>
public sealed class WhiteoutPullTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _host = await ContainerHost.StartAsync(busybox);
        _cli = RegistryCli.For(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PulledImage_WithAWhiteoutAndAnOpaqueDirectoryInItsTopLayer_RunsWithTheTopLayersView()
    {
        using var context = new BuildContext().Dockerfile($"""
            FROM {ContainerHost.Image}
            RUN mkdir -p /d/sub /kept && echo lower > /d/lower && echo x > /d/sub/x && echo gone > /gone && echo keep > /kept/keep
            RUN rm -rf /d /gone && mkdir /d && echo upper > /d/upper && echo more > /kept/more
            CMD ["sh", "-c", "ls -A /d; ls -A /kept; cat /kept/keep; test -e /gone && echo gone is back; true"]
            """);
        await using var registry = await DockerRegistry.StartAsync();
        var name = $"{registry.Host}/whiteouts/image:1";
        (await _cli.BerthAsync("build", "-t", name, context.Path)).AssertSuccess();
        (await _cli.BerthAsync("push", name)).AssertSuccess();

        // The top layer really says it with whiteouts, or this test would prove nothing about them.
        var top = await TopLayerEntriesAsync(registry, "whiteouts/image", "1");
        Assert.Contains(".wh.gone", top);
        Assert.Contains("d/.wh..wh..opq", top);

        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        (await _cli.BerthAsync("builder", "prune", "-a", "-f")).AssertSuccess();
        var pull = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout;
        Assert.Equal(2, pull.Split('\n').Count(line => line.EndsWith(": Pull complete", StringComparison.Ordinal)));

        var run = (await _host.DockerAsync("run", "--rm", name)).AssertSuccess().Stdout;
        Assert.Equal("upper\nkeep\nmore\nkeep\n", run);
    }

    // Layer entry names of the manifest's last layer, read from the registry's own storage.
    private static async Task<List<string>> TopLayerEntriesAsync(DockerRegistry registry, string repository, string tag)
    {
        var manifest = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{registry.Host}/{repository}:{tag}"])).AssertSuccess().Stdout;
        using var document = JsonDocument.Parse(manifest);
        var digest = document.RootElement.GetProperty("layers").EnumerateArray().Last().GetProperty("digest").GetString()!["sha256:".Length..];
        var blob = Path.Join(registry.StorageRoot, "docker", "registry", "v2", "blobs", "sha256", digest[..2], digest, "data");
        await using var file = File.OpenRead(blob);
        var magic = new byte[2];
        await file.ReadExactlyAsync(magic);
        file.Position = 0;
        Stream tar = magic is [0x1F, 0x8B] ? new GZipStream(file, CompressionMode.Decompress) : file;
        var names = new List<string>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry) names.Add(entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name.TrimStart('/'));
        return names;
    }
}
