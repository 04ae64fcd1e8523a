using Berth.Images.Archive;
using Berth.Images.Tests.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

public sealed class ArchiveRoundTripTests : ArchiveTestDirectory
{
    [Fact]
    public async Task SaveThenLoad_KeepsManifestConfigNamesAndBlobs()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "first"), TestImages.Layer("b", "second")], gzip: [false, true]);
        var archive = await SaveAsync(new SaveItem(image.Manifest, [Name("busybox"), Name("example.com/team/app:v1")]));

        var loaded = Assert.Single(await LoadAsync(archive));

        Assert.Equal(image.Manifest, loaded.ManifestDigest);
        Assert.Equal(image.Config, loaded.ConfigDigest);
        Assert.Equal(image.UncompressedSize, loaded.Size);
        Assert.Equal(image.Created, loaded.Created);
        Assert.Equal([Name("docker.io/library/busybox:latest"), Name("example.com/team/app:v1")], loaded.Names);
        foreach (var blob in image.Layers.Append(image.Config).Append(image.Manifest))
        {
            Assert.Equal(await Source.ReadAllBytesAsync(blob, default), await Target.ReadAllBytesAsync(blob, default));
        }
    }

    [Fact]
    public async Task SaveThenLoad_OfADockerSchema2Image_KeepsItsMediaTypeAndDigest()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "docker")], gzip: [true], manifestMediaType: MediaTypes.DockerManifest);
        var archive = await SaveAsync(new SaveItem(image.Manifest, [Name("app:1")]));

        var index = Text(Entries(archive).Single(entry => entry.Name == "index.json"));
        Assert.Contains($"\"mediaType\":\"{MediaTypes.DockerManifest}\",\"digest\":\"{image.Manifest}\"", index);
        var loaded = Assert.Single(await LoadAsync(archive));
        Assert.Equal(image.Manifest, loaded.ManifestDigest);
        Assert.Equal([Name("app:1")], loaded.Names);
    }

    [Fact]
    public async Task Save_WritesTheDocker25Layout_EachBlobOnce_InNameOrder()
    {
        var shared = TestImages.Layer("shared", "base");
        var first = await TestImages.AddAsync(Source, [shared]);
        var second = await TestImages.AddAsync(Source, [shared, TestImages.Layer("top", "app")], architecture: "arm64");
        var archive = await SaveAsync(new SaveItem(first.Manifest, [Name("busybox:latest")]), new SaveItem(second.Manifest, [Name("localhost:5000/app:v2")]));

        var entries = Entries(archive);
        Digest[] all = [first.Manifest, first.Config, second.Manifest, second.Config, .. second.Layers];
        var blobs = all.Select(blob => $"blobs/sha256/{blob.Hex}").Order(StringComparer.Ordinal);
        Assert.Equal(["blobs/", "blobs/sha256/", .. blobs, "index.json", "manifest.json", "oci-layout", "repositories"], entries.Select(entry => entry.Name));
        Assert.All(entries, entry => Assert.Equal(DateTimeOffset.UnixEpoch, entry.ModificationTime));
        Assert.All(entries, entry => Assert.Equal(0, entry.Uid));

        Assert.Equal(
            $"[{{\"Config\":\"blobs/sha256/{first.Config.Hex}\",\"RepoTags\":[\"busybox:latest\"],\"Layers\":[\"blobs/sha256/{first.Layers[0].Hex}\"]}}," +
            $"{{\"Config\":\"blobs/sha256/{second.Config.Hex}\",\"RepoTags\":[\"localhost:5000/app:v2\"],\"Layers\":[\"blobs/sha256/{second.Layers[0].Hex}\",\"blobs/sha256/{second.Layers[1].Hex}\"]}}]\n",
            Text(entries.Single(entry => entry.Name == "manifest.json")));
        Assert.Equal(
            $"{{\"busybox\":{{\"latest\":\"{first.Layers[0].Hex}\"}},\"localhost:5000/app\":{{\"v2\":\"{second.Layers[1].Hex}\"}}}}\n",
            Text(entries.Single(entry => entry.Name == "repositories")));
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", Text(entries.Single(entry => entry.Name == "oci-layout")));

        var index = Text(entries.Single(entry => entry.Name == "index.json"));
        Assert.StartsWith($"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciIndex}\",\"manifests\":[", index);
        Assert.Contains("\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/busybox:latest\",\"org.opencontainers.image.ref.name\":\"latest\"}", index);
        Assert.Contains("\"annotations\":{\"io.containerd.image.name\":\"localhost:5000/app:v2\",\"org.opencontainers.image.ref.name\":\"v2\"}", index);
        Assert.Contains("\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}", index);

        var loaded = await LoadAsync(archive);
        Assert.Equal([first.Manifest, second.Manifest], loaded.Select(image => image.ManifestDigest));
    }

    [Fact]
    public async Task Save_OfAnImageByIdOnly_RecordsNoNames()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "anonymous")]);
        var archive = await SaveAsync(new SaveItem(image.Manifest, []));

        var entries = Entries(archive);
        Assert.DoesNotContain(entries, entry => entry.Name == "repositories");
        Assert.Contains("\"RepoTags\":null", Text(entries.Single(entry => entry.Name == "manifest.json")));
        Assert.DoesNotContain("annotations", Text(entries.Single(entry => entry.Name == "index.json")));
        var loaded = Assert.Single(await LoadAsync(archive));
        Assert.Equal(image.Manifest, loaded.ManifestDigest);
        Assert.Empty(loaded.Names);
    }

    [Fact]
    public async Task Save_MergesRepeatedItems_AndLeavesOutDigestNames()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "twice")]);
        var archive = await SaveAsync(
            new SaveItem(image.Manifest, [Name("app:1"), Name($"app@{image.Manifest}")]),
            new SaveItem(image.Manifest, [Name("app:1"), Name("app:2")]));

        var entries = Entries(archive);
        Assert.Single(entries, entry => entry.Name == $"blobs/sha256/{image.Manifest.Hex}");
        Assert.Contains("\"RepoTags\":[\"app:1\",\"app:2\"]", Text(entries.Single(entry => entry.Name == "manifest.json")));
        var loaded = Assert.Single(await LoadAsync(archive));
        Assert.Equal([Name("app:1"), Name("app:2")], loaded.Names);
    }

    [Fact]
    public async Task Save_IsDeterministic()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "same")], gzip: [true]);
        var item = new SaveItem(image.Manifest, [Name("busybox")]);
        Assert.Equal(await SaveAsync(item), await SaveAsync(item));
    }

    [Fact]
    public async Task Save_StreamsToAnOutputThatCannotSeekNorWriteSynchronously()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "streamed")]);
        var output = AsyncOnlyStream.ForWriting();
        await ArchiveWriter.WriteAsync(Source, [new SaveItem(image.Manifest, [Name("busybox")])], output, default);
        Assert.Equal(image.Manifest, Assert.Single(await LoadAsync(output.Written)).ManifestDigest);
    }

    [Fact]
    public async Task Load_TakesImagesAndNamesFromManifestJson_OverIndexJson()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "renamed")]);
        var archive = new TarBuilder();
        foreach (var entry in Entries(await SaveAsync(new SaveItem(image.Manifest, [Name("busybox")]))))
        {
            archive.Add(entry.Name == "manifest.json" ? FileEntry("manifest.json", Text(entry).Replace("busybox:latest", "other:1")) : entry);
        }
        var loaded = Assert.Single(await LoadAsync(archive.Build()));
        Assert.Equal(image.Manifest, loaded.ManifestDigest);
        Assert.Equal([Name("other:1")], loaded.Names);
    }

    [Fact]
    public async Task Load_AcceptsAGzipCompressedArchive_AsDockerLoadDoes()
    {
        var image = await TestImages.AddAsync(Source, [TestImages.Layer("a", "zipped")]);
        var archive = TarBuilder.Gzip(await SaveAsync(new SaveItem(image.Manifest, [Name("busybox")])));
        Assert.Equal(image.Manifest, Assert.Single(await LoadAsync(archive)).ManifestDigest);
    }

    [Fact]
    public async Task UncompressedSize_CountsTheDecompressedTar()
    {
        var tar = TestImages.Layer("a", new string('x', 10_000));
        var gzipped = await Source.WriteBytesAsync(TarBuilder.Gzip(tar), MediaTypes.OciLayerGzip, default);
        var zstd = await Source.WriteBytesAsync(TarBuilder.Zstd(tar), MediaTypes.OciLayerZstd, default);
        var plain = await Source.WriteBytesAsync(tar, MediaTypes.OciLayer, default);

        Assert.True(gzipped.Size < tar.Length);
        Assert.Equal(tar.Length, await ArchiveLoader.UncompressedSizeAsync(Source, gzipped, default));
        Assert.Equal(tar.Length, await ArchiveLoader.UncompressedSizeAsync(Source, zstd, default));
        Assert.Equal(tar.Length, await ArchiveLoader.UncompressedSizeAsync(Source, plain, default));
    }
}
