using System.Text.Json;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

/// <summary>OCI image layouts without manifest.json, as skopeo, podman, buildah and umoci write them.</summary>
public sealed class ArchiveOciLayoutLoadTests : ArchiveTestDirectory
{
    [Theory]
    [InlineData("\"io.containerd.image.name\":\"docker.io/library/busybox:1.36\",\"org.opencontainers.image.ref.name\":\"1.36\"", "busybox:1.36")]
    [InlineData("\"org.opencontainers.image.ref.name\":\"busybox:1.0\"", "busybox:1.0")]
    [InlineData("\"org.opencontainers.image.ref.name\":\"localhost/app\"", "localhost/app:latest")]
    public async Task Load_NamesTheImageFromItsAnnotations(string annotations, string expected)
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "oci")], gzip: [true]);
        var archive = await LayoutArchiveAsync(Index(image.Manifest, annotations), [image.Manifest, image.Config, .. image.Layers]);

        var loaded = Assert.Single(await LoadAsync(archive));
        Assert.Equal(image.Manifest, loaded.ManifestDigest);
        Assert.Equal(image.Config, loaded.ConfigDigest);
        Assert.Equal(image.UncompressedSize, loaded.Size);
        Assert.Equal([Name(expected)], loaded.Names);
    }

    [Fact]
    public async Task Load_OfABareTagRefName_HasNoName_AsUmociWritesIt()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "tagged")]);
        var archive = await LayoutArchiveAsync(Index(image.Manifest, "\"org.opencontainers.image.ref.name\":\"latest\""), [image.Manifest, image.Config, .. image.Layers]);
        Assert.Empty(Assert.Single(await LoadAsync(archive)).Names);
    }

    [Fact]
    public async Task Load_OfAMultiPlatformIndex_PicksLinuxAmd64_WhenOnlyItsBlobsCame()
    {
        var arm = await TestImages.AddAsync(Source, [TestImages.Layer("a", "arm")], architecture: "arm64");
        var amd = await TestImages.AddAsync(Source, [TestImages.Layer("a", "amd")]);
        var nested = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                Describe(arm.Manifest, new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" }),
                Describe(amd.Manifest, new Platform { Os = "linux", Architecture = "amd64" }),
            ],
        };
        var nestedDigest = (await Source.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(nested, OciJsonContext.Default.ImageIndex), MediaTypes.OciIndex, default)).ParsedDigest;
        var index = $"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"{MediaTypes.OciIndex}\",\"digest\":\"{nestedDigest}\",\"size\":{Source.SizeOf(nestedDigest)}," +
            "\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/multi:1\"}}]}";
        var archive = await LayoutArchiveAsync(index, [nestedDigest, amd.Manifest, amd.Config, .. amd.Layers]);

        var loaded = Assert.Single(await LoadAsync(archive));
        Assert.Equal(amd.Manifest, loaded.ManifestDigest);
        Assert.Equal([Name("multi:1")], loaded.Names);
    }

    [Fact]
    public async Task Load_MergesDescriptorsOfOneManifest_AndSkipsWhatIsNoImage()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "merged")]);
        var index = $"{{\"schemaVersion\":2,\"manifests\":[{Descriptor(image.Manifest, "\"io.containerd.image.name\":\"docker.io/library/a:1\"")}," +
            $"{Descriptor(image.Manifest, "\"io.containerd.image.name\":\"docker.io/library/a:2\"")}," +
            $"{{\"mediaType\":\"application/vnd.example.sbom\",\"digest\":\"{image.Config}\",\"size\":1}}]}}";
        var loaded = Assert.Single(await LoadAsync(await LayoutArchiveAsync(index, [image.Manifest, image.Config, .. image.Layers])));
        Assert.Equal([Name("a:1"), Name("a:2")], loaded.Names);
    }

    private Descriptor Describe(Digest manifest, Platform platform) =>
        new() { MediaType = MediaTypes.OciManifest, Digest = manifest.ToString(), Size = Source.SizeOf(manifest), Platform = platform };

    private string Descriptor(Digest manifest, string annotations) =>
        $"{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{manifest}\",\"size\":{Source.SizeOf(manifest)},\"annotations\":{{{annotations}}}}}";

    private string Index(Digest manifest, string annotations) => $"{{\"schemaVersion\":2,\"manifests\":[{Descriptor(manifest, annotations)}]}}";
}
