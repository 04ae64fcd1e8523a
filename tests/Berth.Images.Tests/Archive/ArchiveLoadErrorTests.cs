using System.Text;
using Berth.Images.Archive;
using Berth.Images.Tests.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

public sealed class ArchiveLoadErrorTests : ArchiveTestDirectory
{
    [Fact]
    public async Task NotATar_IsInvalid()
    {
        var error = await LoadFailsAsync(Encoding.ASCII.GetBytes(new string('x', 2000)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid tar archive", error.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public async Task ATruncatedArchive_IsInvalid(double keep)
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", new string('x', 20_000))]);
        var archive = await SaveAsync(new SaveItem(image.Manifest, [Name("busybox")]));
        var error = await LoadFailsAsync(archive[..(int)(archive.Length * keep)]);
        Assert.StartsWith("invalid tar archive: unexpected end of archive", error.Message);
    }

    [Fact]
    public async Task ATarCutAtAHeader_IsInvalid()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "cut")]);
        var archive = await SaveAsync(new SaveItem(image.Manifest, [Name("busybox")]));
        var error = await LoadFailsAsync(archive[..(512 + 100)]);
        Assert.Equal("invalid tar archive: unexpected end of archive", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    public async Task AnEmptyArchive_HasNoManifest(int zeros)
    {
        var error = await LoadFailsAsync(new byte[zeros]);
        Assert.Contains("no manifest.json or index.json found", error.Message);
    }

    [Fact]
    public async Task AnArchiveOfOtherFiles_HasNoManifest()
    {
        var error = await LoadFailsAsync(new TarBuilder().File("hello.txt", "not an image").Build());
        Assert.Contains("no manifest.json or index.json found", error.Message);
    }

    [Fact]
    public async Task ALayerMissingFromAnOciLayout_IsInvalid()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "missing")]);
        var archive = await LayoutArchiveAsync(OneImageIndex(image), [image.Manifest, image.Config]);
        var error = await LoadFailsAsync(archive);
        Assert.Contains($"blob {image.Layers[0]} referenced by manifest {image.Manifest} is missing from the archive", error.Message);
    }

    [Fact]
    public async Task AManifestMissingFromAnOciLayout_IsInvalid()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "missing")]);
        var error = await LoadFailsAsync(await LayoutArchiveAsync(OneImageIndex(image), [image.Config, .. image.Layers]));
        Assert.Contains($"blob {image.Manifest} referenced by index.json is missing from the archive", error.Message);
    }

    [Fact]
    public async Task AFileMissingFromADockerArchive_IsInvalid()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "missing")]);
        var entries = Entries(await SaveAsync(new SaveItem(image.Manifest, [Name("busybox")])));
        var archive = new TarBuilder();
        foreach (var entry in entries.Where(entry => entry.Name != $"blobs/sha256/{image.Layers[0].Hex}" && entry.Name != "index.json"))
        {
            archive.Add(entry);
        }
        var error = await LoadFailsAsync(archive.Build());
        Assert.Contains($"\"blobs/sha256/{image.Layers[0].Hex}\" referenced by manifest.json is missing from the archive", error.Message);
    }

    [Fact]
    public async Task ABlobThatDoesNotMatchItsName_IsInvalid_AndIsNotStored()
    {
        var claimed = Digest.Compute("the real content"u8);
        var archive = new TarBuilder().File($"blobs/sha256/{claimed.Hex}", "forged content").File("index.json", "{\"schemaVersion\":2,\"manifests\":[]}").Build();
        var error = await LoadFailsAsync(archive);
        Assert.Contains($"blobs/sha256/{claimed.Hex}", error.Message);
        Assert.Contains("digest mismatch", error.Message);
        Assert.Empty(Target.List());
    }

    [Fact]
    public async Task AConfigWithTheWrongNumberOfDiffIds_IsInvalid()
    {
        var layer = TestImages.Layer("a", "one");
        var layerBlob = await Source.WriteBytesAsync(layer, MediaTypes.OciLayer, default);
        var config = await Source.WriteBytesAsync(TestImages.Config([layer, layer]), MediaTypes.OciConfig, default);
        var manifest = await Source.WriteBytesAsync(TestImages.Manifest(MediaTypes.OciManifest, config, [layerBlob]), MediaTypes.OciManifest, default);
        var archive = await SaveAsync(new SaveItem(manifest.ParsedDigest, [Name("busybox")]));

        var error = await LoadFailsAsync(archive);
        Assert.Contains("lists 2 diff_ids but its manifest has 1 layers", error.Message);
    }

    [Fact]
    public async Task AConfigWhoseDiffIdIsNotTheLayer_IsInvalid()
    {
        var layerBlob = await Source.WriteBytesAsync(TarBuilder.Gzip(TestImages.Layer("a", "real")), MediaTypes.OciLayerGzip, default);
        var config = await Source.WriteBytesAsync(TestImages.Config([TestImages.Layer("a", "claimed")]), MediaTypes.OciConfig, default);
        var manifest = await Source.WriteBytesAsync(TestImages.Manifest(MediaTypes.OciManifest, config, [layerBlob]), MediaTypes.OciManifest, default);

        var error = await LoadFailsAsync(await SaveAsync(new SaveItem(manifest.ParsedDigest, [])));
        Assert.Contains("invalid diffID for layer 0", error.Message);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("blobs/../../escape")]
    [InlineData("/etc/passwd")]
    public async Task AnEntryNameOutsideTheArchive_IsInvalid(string name)
    {
        var error = await LoadFailsAsync(new TarBuilder().File(name, "x").Build());
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"entry \"{name}\"", error.Message);
    }

    [Fact]
    public async Task ASymlinkOutsideTheArchive_IsInvalid()
    {
        var error = await LoadFailsAsync(new TarBuilder().Symlink("layer/layer.tar", "../../etc/passwd").Build());
        Assert.Contains("points outside the archive", error.Message);
    }

    [Theory]
    [InlineData("manifest.json", "{not json", "invalid manifest.json")]
    [InlineData("manifest.json", "[{\"RepoTags\":[]}]", "invalid manifest.json")]
    [InlineData("index.json", "[]", "invalid index.json")]
    [InlineData("index.json", "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"md5:abc\",\"size\":1}]}", "unsupported digest")]
    public async Task AMalformedDocument_IsInvalid(string name, string content, string expected)
    {
        var error = await LoadFailsAsync(new TarBuilder().File(name, content).Build());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task ALayerThatIsNotValidGzip_IsInvalid()
    {
        var broken = TarBuilder.Gzip(TestImages.Layer("a", new string('y', 5000)));
        // The compression method byte of the gzip header: the stream is refused from its first bytes. (Flipping a
        // byte of the deflate data could decode to other bytes before the checksum fails, and be reported as a
        // diff ID mismatch instead, depending on how far the reader had got.)
        broken[2] = 0x00;
        var layerBlob = await Source.WriteBytesAsync(broken, MediaTypes.OciLayerGzip, default);
        var config = await Source.WriteBytesAsync(TestImages.Config([TestImages.Layer("a", "y")]), MediaTypes.OciConfig, default);
        var manifest = await Source.WriteBytesAsync(TestImages.Manifest(MediaTypes.OciManifest, config, [layerBlob]), MediaTypes.OciManifest, default);

        var error = await LoadFailsAsync(await SaveAsync(new SaveItem(manifest.ParsedDigest, [])));
        Assert.Contains($"invalid layer {layerBlob.Digest}", error.Message);
    }

    private string OneImageIndex(TestImage image) =>
        $"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{image.Manifest}\",\"size\":{Source.SizeOf(image.Manifest)}}}]}}";
}
