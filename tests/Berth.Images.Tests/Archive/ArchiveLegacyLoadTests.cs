using System.Text.Json;
using Berth.Images.Tests.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

/// <summary>docker-archives from before Docker 25: one directory per layer, the config as ID.json, no blobs/.</summary>
public sealed class ArchiveLegacyLoadTests : ArchiveTestDirectory
{
    private const string FirstId = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string SecondId = "2222222222222222222222222222222222222222222222222222222222222222";
    private const string ThirdId = "3333333333333333333333333333333333333333333333333333333333333333";

    private static readonly byte[] BaseLayer = TestImages.Layer("etc/base", "base");
    private static readonly byte[] TopLayer = TestImages.Layer("app/run", "top");

    [Fact]
    public async Task Load_SynthesizesADockerSchema2Manifest_WithMediaTypesByMagic()
    {
        var config = TestImages.Config([BaseLayer, TopLayer]);
        var archive = LegacyArchive(config, "[\"busybox:latest\",\"example.com/app:v1\"]");

        var loaded = Assert.Single(await LoadAsync(archive));

        Assert.Equal(Digest.Compute(config), loaded.ConfigDigest);
        Assert.Equal([Name("busybox:latest"), Name("example.com/app:v1")], loaded.Names);
        Assert.Equal(BaseLayer.Length + TopLayer.Length, loaded.Size);
        Assert.Equal(TestImages.Created, loaded.Created);
        var manifest = JsonSerializer.Deserialize(await Target.ReadAllBytesAsync(loaded.ManifestDigest, default), OciJsonContext.Default.ImageManifest)!;
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = loaded.ConfigDigest.ToString(), Size = config.Length }, manifest.Config);
        Assert.Equal([MediaTypes.DockerLayer, MediaTypes.DockerLayerGzip], manifest.Layers.Select(layer => layer.MediaType));
        Assert.Equal(Digest.Compute(BaseLayer).ToString(), manifest.Layers[0].Digest);
        Assert.Equal(Digest.Compute(TarBuilder.Gzip(TopLayer)).ToString(), manifest.Layers[1].Digest);
    }

    [Fact]
    public async Task Load_GivesTheSameManifestEachTime()
    {
        var archive = LegacyArchive(TestImages.Config([BaseLayer, TopLayer]), "[\"busybox:latest\"]");
        var first = Assert.Single(await LoadAsync(archive));
        var second = Assert.Single(await LoadAsync(archive));
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
    }

    [Fact]
    public async Task Load_FollowsTheSymlinkDockerWritesForARepeatedLayer()
    {
        var config = TestImages.Config([BaseLayer, BaseLayer]);
        var archive = new TarBuilder()
            .Dir($"{FirstId}/")
            .Add(FileEntry($"{FirstId}/layer.tar", BaseLayer))
            .Dir($"{ThirdId}/")
            .Symlink($"{ThirdId}/layer.tar", $"../{FirstId}/layer.tar")
            .Add(FileEntry($"{Digest.Compute(config).Hex}.json", config))
            .Add(FileEntry("manifest.json", Entry(config, "[\"twice:1\"]", $"{FirstId}/layer.tar", $"{ThirdId}/layer.tar")))
            .Build();

        var loaded = Assert.Single(await LoadAsync(archive));
        Assert.Equal(2L * BaseLayer.Length, loaded.Size);
    }

    [Fact]
    public async Task Load_OfAnImageWithoutRepoTags_HasNoNames()
    {
        var loaded = Assert.Single(await LoadAsync(LegacyArchive(TestImages.Config([BaseLayer, TopLayer]), "null")));
        Assert.Empty(loaded.Names);
    }

    [Fact]
    public async Task Load_RefusesARepoTagWithoutATag()
    {
        var error = await LoadFailsAsync(LegacyArchive(TestImages.Config([BaseLayer, TopLayer]), "[\"busybox\"]"));
        Assert.Contains("invalid tag \"busybox\"", error.Message);
    }

    private static byte[] LegacyArchive(byte[] config, string repoTags) =>
        new TarBuilder()
            .Dir($"{FirstId}/")
            .File($"{FirstId}/VERSION", "1.0")
            .File($"{FirstId}/json", "{\"id\":\"" + FirstId + "\"}")
            .Add(FileEntry($"{FirstId}/layer.tar", BaseLayer))
            .Dir($"{SecondId}/")
            .File($"{SecondId}/VERSION", "1.0")
            .File($"{SecondId}/json", "{\"id\":\"" + SecondId + "\",\"parent\":\"" + FirstId + "\"}")
            .Add(FileEntry($"{SecondId}/layer.tar", TarBuilder.Gzip(TopLayer)))
            .Add(FileEntry($"{Digest.Compute(config).Hex}.json", config))
            .Add(FileEntry("manifest.json", Entry(config, repoTags, $"{FirstId}/layer.tar", $"{SecondId}/layer.tar")))
            .File("repositories", "{\"busybox\":{\"latest\":\"" + SecondId + "\"}}")
            .Build();

    private static string Entry(byte[] config, string repoTags, params string[] layers) =>
        $"[{{\"Config\":\"{Digest.Compute(config).Hex}.json\",\"RepoTags\":{repoTags},\"Layers\":[{string.Join(',', layers.Select(layer => $"\"{layer}\""))}]}}]";
}
