using System.Text.Json;
using Berth.Images.Archive;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

/// <summary>
/// Archives made by the real tools load, and the real tools read what save writes: umoci for OCI
/// layouts, skopeo for oci-archive and docker-archive (the same code podman and buildah use).
/// </summary>
public sealed class ArchiveRealToolTests : ArchiveTestDirectory
{
    private const string Skopeo = "skopeo";
    private const string Umoci = "umoci";

    [Fact]
    public async Task Load_OfAnUmociLayout_TarredWithTar()
    {
        var layout = await UmociLayoutAsync();
        var archive = Path.Join(Root, "layout.tar");
        await ExternalTool.RunCheckedAsync("tar", "-C", layout, "-cf", archive, ".");

        var loaded = Assert.Single(await LoadAsync(await File.ReadAllBytesAsync(archive)));

        var manifestDigest = LayoutManifest(layout);
        Assert.Equal(manifestDigest, loaded.ManifestDigest);
        Assert.Equal(ConfigOf(layout, manifestDigest), loaded.ConfigDigest);
        // umoci records the tag alone ("latest"), which names no repository.
        Assert.Empty(loaded.Names);
        Assert.True(loaded.Size > 0);
        Assert.True(loaded.Created > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Load_OfASkopeoOciArchive_TakesTheNameFromRefName()
    {
        var layout = await UmociLayoutAsync();
        var archive = Path.Join(Root, "oci-archive.tar");
        await ExternalTool.RunCheckedAsync(Skopeo, "copy", "--quiet", $"oci:{layout}:latest", $"oci-archive:{archive}:busybox:1.0");

        var loaded = Assert.Single(await LoadAsync(await File.ReadAllBytesAsync(archive)));
        Assert.Equal(LayoutManifest(layout), loaded.ManifestDigest);
        Assert.Equal([Name("docker.io/library/busybox:1.0")], loaded.Names);
    }

    [Fact]
    public async Task Load_OfASkopeoDockerArchive_KeepsTheConfigAndNames()
    {
        var layout = await UmociLayoutAsync();
        var archive = Path.Join(Root, "docker-archive.tar");
        await ExternalTool.RunCheckedAsync(Skopeo, "copy", "--quiet", $"oci:{layout}:latest", $"docker-archive:{archive}:example.com/team/app:v1");

        var loaded = Assert.Single(await LoadAsync(await File.ReadAllBytesAsync(archive)));
        Assert.Equal(ConfigOf(layout, LayoutManifest(layout)), loaded.ConfigDigest);
        Assert.Equal([Name("example.com/team/app:v1")], loaded.Names);
        var fromLayout = Assert.Single(await ArchiveLoader.LoadAsync(Target, await TarOfAsync(layout), default));
        Assert.Equal(fromLayout.Size, loaded.Size);
    }

    [Fact]
    public async Task SkopeoInspect_ReadsTheSavedDockerArchive_ByItsRepoTag()
    {
        byte[][] layers = [TestImages.Layer("a", "plain"), TestImages.Layer("b", "zipped")];
        var image = await TestImages.AddAsync(Source, layers, gzip: [false, true]);
        var archive = await SaveToFileAsync(new SaveItem(image.Manifest, [Name("busybox:latest"), Name("busybox:2")]));

        var inspect = await ExternalTool.RunCheckedAsync(Skopeo, "inspect", $"docker-archive:{archive}:busybox:2");
        using var document = JsonDocument.Parse(inspect);
        Assert.Equal("docker.io/library/busybox", document.RootElement.GetProperty("Name").GetString());
        // skopeo lists a docker-archive's layers by diff ID, so the gzip layer was recognised and decompressed.
        Assert.Equal(layers.Select(layer => Digest.Compute(layer).ToString()), document.RootElement.GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()));

        var config = await ExternalTool.RunCheckedAsync(Skopeo, "inspect", "--raw", "--config", $"docker-archive:{archive}:busybox:latest");
        Assert.Equal(await Source.ReadAllBytesAsync(image.Config, default), System.Text.Encoding.UTF8.GetBytes(config));
        Assert.NotEqual(0, (await ExternalTool.RunAsync(Skopeo, "inspect", $"docker-archive:{archive}:busybox:3")).ExitCode);
    }

    [Fact]
    public async Task SkopeoCopy_ReadsTheSavedOciArchive_ManifestUnchanged()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "plain"), TestImages.Layer("b", "zipped")], gzip: [false, true]);
        var archive = await SaveToFileAsync(new SaveItem(image.Manifest, [Name("busybox:latest")]));
        var copy = Path.Join(Root, "copy");

        // Without the flag skopeo gzips the plain layer on its way into an OCI layout, changing the manifest.
        await ExternalTool.RunCheckedAsync(Skopeo, "copy", "--quiet", "--dest-oci-accept-uncompressed-layers", $"oci-archive:{archive}", $"oci:{copy}");

        Assert.Equal(image.Manifest, LayoutManifest(copy));
        foreach (var blob in image.Layers.Append(image.Config))
        {
            Assert.Equal(await Source.ReadAllBytesAsync(blob, default), await File.ReadAllBytesAsync(Path.Join(copy, "blobs", "sha256", blob.Hex)));
        }
    }

    /// <summary>An umoci-made OCI layout holding one image (tag latest) with one layer of two files.</summary>
    private async Task<string> UmociLayoutAsync()
    {
        var layout = Path.Join(Root, "umoci");
        var files = Path.Join(Root, "files");
        Directory.CreateDirectory(Path.Join(files, "etc"));
        await File.WriteAllTextAsync(Path.Join(files, "etc", "hello"), "hello from umoci\n");
        await File.WriteAllTextAsync(Path.Join(files, "etc", "motd"), new string('m', 5000));
        await ExternalTool.RunCheckedAsync(Umoci, "init", "--layout", layout);
        await ExternalTool.RunCheckedAsync(Umoci, "new", "--image", $"{layout}:latest");
        await ExternalTool.RunCheckedAsync(Umoci, "insert", "--rootless", "--image", $"{layout}:latest", Path.Join(files, "etc"), "/etc");
        return layout;
    }

    private async Task<string> SaveToFileAsync(SaveItem item)
    {
        var path = Path.Join(Root, "saved.tar");
        await using (var file = File.Create(path))
        {
            await ArchiveWriter.WriteAsync(Source, [item], file, default);
        }
        return path;
    }

    private async Task<Stream> TarOfAsync(string directory)
    {
        var archive = Path.Join(Root, $"{Path.GetFileName(directory)}.tar");
        await ExternalTool.RunCheckedAsync("tar", "-C", directory, "-cf", archive, ".");
        return File.OpenRead(archive);
    }

    private static Digest LayoutManifest(string layout)
    {
        var index = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Join(layout, "index.json")), OciJsonContext.Default.ImageIndex)!;
        return Assert.Single(index.Manifests).ParsedDigest;
    }

    private static Digest ConfigOf(string layout, Digest manifest)
    {
        var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Join(layout, "blobs", "sha256", manifest.Hex)), OciJsonContext.Default.ImageManifest)!;
        return document.Config.ParsedDigest;
    }
}
