using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Oci;
using static Berth.Images.Tests.Oci.OciDocuments;

namespace Berth.Images.Tests.Oci;

/// <summary>
/// Documents skopeo wrote: Docker v2 schema 2 manifests (dir: transport), a docker-archive's config, and OCI
/// layouts skopeo converted or recompressed. Like umoci, skopeo writes no field the records leave out, so
/// round trips compare whole trees (skopeo orders descriptor keys size-before-digest, which must not matter).
/// docker-archive's own manifest.json is Docker's tarball index, not an OCI document, so it is only used
/// here to find the config.
/// </summary>
[Collection(RealImagesCollection.Name)]
public sealed class SkopeoDocumentTests(RealImages images)
{
    [Fact]
    public void Docker_schema2_manifest_has_docker_media_types_and_the_oci_image_content()
    {
        var manifest = ReadManifest(RealImages.DirManifestBytes(images.DockerDir));
        var oci = ReadManifest(RealImages.ManifestBytes(images.UmociLayout, RealImages.ConfiguredTag));

        Assert.Equal(2, manifest.SchemaVersion);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.True(MediaTypes.IsManifest(manifest.MediaType));
        Assert.Equal(MediaTypes.DockerConfig, manifest.Config.MediaType);
        Assert.True(MediaTypes.IsConfig(manifest.Config.MediaType));
        AssertDescribes(manifest.Config, RealImages.DirBlob(images.DockerDir, manifest.Config.Digest));
        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(MediaTypes.DockerLayerGzip, layer.MediaType);
        AssertDescribes(layer, RealImages.DirBlob(images.DockerDir, layer.Digest));
        // Converting the manifest to schema 2 changes media types only: the config and layer bytes are kept.
        Assert.Equal(oci.Config.Digest, manifest.Config.Digest);
        Assert.Equal(oci.Layers[0].Digest, layer.Digest);
        // Schema 2 has no manifest annotations, so skopeo drops umoci's.
        Assert.Null(manifest.Annotations);
    }

    [Theory]
    [InlineData("v2s2")]
    [InlineData("v2s2-from-v2s1")]
    public void Docker_schema2_manifest_round_trips_to_the_same_tree_with_literal_plus(string dir)
    {
        var original = RealImages.DirManifestBytes(Path.Join(images.Root, dir));

        var written = Write(ReadManifest(original));

        JsonTree.AssertEquivalent(original, written);
        AssertPlainMediaTypes(written);
        var text = Encoding.UTF8.GetString(written);
        Assert.Contains("\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"", text, StringComparison.Ordinal);
        Assert.Contains("\"mediaType\":\"application/vnd.docker.container.image.v1+json\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_config_from_the_dir_transport_carries_the_image_settings()
    {
        var config = ReadConfig(RealImages.DirConfigBytes(images.DockerDir));

        Assert.Equal(["sh", "-c", "echo hi"], config.Config!.Cmd!);
        Assert.Equal("/srv/app", config.Config.WorkingDir);
        Assert.Equal(RealImages.HtmlLabel, config.Config.Labels!["html"]);
        Assert.Single(config.RootFs.DiffIds);
        Assert.Equal([true, false], config.History!.Select(h => h.EmptyLayer));
    }

    [Fact]
    public void Docker_config_that_skopeo_rebuilt_from_schema1_parses_with_its_history()
    {
        // Schema 1 has no config blob: skopeo synthesised this one from v1Compatibility, in its own key order.
        var original = RealImages.DirConfigBytes(images.DockerFromSchema1Dir);
        var config = ReadConfig(original);

        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_568), config.Created);
        Assert.Equal("Berth Tests", config.Author);
        Assert.Equal(["/usr/bin/env"], config.Config!.Entrypoint!);
        Assert.Equal(RealImages.EmptyLayerCreatedBy, config.History![0].CreatedBy);
        Assert.True(config.History[0].EmptyLayer);
        Assert.Equal(config.RootFs.DiffIds.Count, config.History.Count(h => !h.EmptyLayer));
    }

    [Theory]
    [InlineData("v2s2")]
    [InlineData("v2s2-from-v2s1")]
    public void Docker_config_round_trips_to_the_same_tree_with_times_within_a_tick(string dir)
    {
        var original = RealImages.DirConfigBytes(Path.Join(images.Root, dir));

        var written = Write(ReadConfig(original));

        JsonTree.AssertEquivalent(original, written);
    }

    [Fact]
    public async Task Docker_archive_config_parses_and_its_diff_ids_are_the_archived_layer_tars()
    {
        var entries = await RealImages.ReadTarAsync(images.DockerArchive);
        using var archiveManifest = JsonDocument.Parse(entries["manifest.json"]);
        var image = Assert.Single(archiveManifest.RootElement.EnumerateArray().ToList());
        Assert.Equal(["docker.io/berth/test:1"], image.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        var configBytes = entries[image.GetProperty("Config").GetString()!];

        var config = ReadConfig(configBytes);

        // docker-archive stores layers uncompressed, so each layer file's digest is its diff_id.
        var layerDigests = image.GetProperty("Layers").EnumerateArray()
            .Select(layer => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(entries[layer.GetString()!])));
        Assert.Equal(layerDigests, config.RootFs.DiffIds);
        Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=a+b=c"], config.Config!.Env!);
        Assert.Equal("SIGQUIT", config.Config.StopSignal);
        JsonTree.AssertEquivalent(configBytes, Write(config));
    }

    [Fact]
    public void Skopeo_oci_manifest_converted_from_docker_names_its_own_media_type()
    {
        var layout = images.SkopeoLayout;
        var original = RealImages.ManifestBytes(layout, RealImages.SkopeoFromDockerTag);
        var manifest = ReadManifest(original);

        // Unlike umoci, skopeo writes the manifest's own mediaType; a round trip must keep it.
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(MediaTypes.OciConfig, manifest.Config.MediaType);
        AssertDescribes(manifest.Config, RealImages.Blob(layout, manifest.Config.Digest));
        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.MediaType);
        AssertDescribes(layer, RealImages.Blob(layout, layer.Digest));
        var written = Write(manifest);
        JsonTree.AssertEquivalent(original, written);
        AssertPlainMediaTypes(written);
    }

    [Fact]
    public void Skopeo_oci_manifest_recompressed_with_zstd_round_trips_the_zstd_media_type()
    {
        var layout = images.SkopeoZstdLayout;
        var original = RealImages.ManifestBytes(layout, RealImages.SkopeoZstdTag);
        var manifest = ReadManifest(original);

        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(MediaTypes.OciLayerZstd, layer.MediaType);
        Assert.True(MediaTypes.IsLayer(layer.MediaType));
        AssertDescribes(layer, RealImages.Blob(layout, layer.Digest));
        // zstd frames start with the magic number 0xFD2FB528 (little-endian on disk).
        Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, RealImages.Blob(layout, layer.Digest)[..4]);
        var written = Write(manifest);
        Assert.Contains("\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\"", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        JsonTree.AssertEquivalent(original, written);
    }

    [Fact]
    public void Skopeo_index_lists_both_images_and_round_trips()
    {
        var original = RealImages.IndexBytes(images.SkopeoLayout);
        var index = ReadIndex(original);

        Assert.Equal(
            [RealImages.BaseTag, RealImages.SkopeoFromDockerTag],
            index.Manifests.Select(m => m.Annotations!["org.opencontainers.image.ref.name"]).Order(StringComparer.Ordinal));
        Assert.All(index.Manifests, m => AssertDescribes(m, RealImages.Blob(images.SkopeoLayout, m.Digest)));
        var written = Write(index);
        JsonTree.AssertEquivalent(original, written);
        AssertPlainMediaTypes(written);
    }
}
