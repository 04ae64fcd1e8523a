using System.IO.Compression;
using System.Text;
using Berth.Oci;
using static Berth.Images.Tests.Oci.OciDocuments;

namespace Berth.Images.Tests.Oci;

/// <summary>
/// index.json, manifests and configs that umoci wrote into an OCI layout. Every field umoci writes is one
/// the records model, so round trips compare whole documents: an unmodelled field would show up as a
/// missing key, which is what we want to hear about.
/// </summary>
[Collection(RealImagesCollection.Name)]
public sealed class UmociLayoutTests(RealImages images)
{
    private string Layout => images.UmociLayout;

    [Fact]
    public void Index_lists_every_tag_as_an_oci_manifest_whose_descriptor_matches_its_blob()
    {
        var index = ReadIndex(RealImages.IndexBytes(Layout));

        Assert.Equal(2, index.SchemaVersion);
        // umoci leaves the index's own mediaType out (the OCI spec only made it a SHOULD in 1.1).
        Assert.Null(index.MediaType);
        Assert.Null(index.Annotations);
        Assert.Equal(
            [RealImages.BaseTag, RealImages.ConfiguredTag, RealImages.OffsetTag],
            index.Manifests.Select(m => m.Annotations!["org.opencontainers.image.ref.name"]).Order(StringComparer.Ordinal));
        Assert.All(index.Manifests, manifest =>
        {
            Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
            Assert.Null(manifest.Platform);
            AssertDescribes(manifest, RealImages.Blob(Layout, manifest.Digest));
            Assert.Equal(manifest.Digest, manifest.ParsedDigest.ToString());
        });
    }

    [Fact]
    public void Index_round_trips_to_the_same_tree_with_a_literal_plus_in_media_types()
    {
        var original = RealImages.IndexBytes(Layout);

        var written = Write(ReadIndex(original));

        JsonTree.AssertEquivalent(original, written);
        AssertPlainMediaTypes(written);
        Assert.Contains("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_with_a_layer_describes_its_gzip_layer_config_and_annotations()
    {
        var manifest = ReadManifest(RealImages.ManifestBytes(Layout, RealImages.ConfiguredTag));

        Assert.Equal(2, manifest.SchemaVersion);
        Assert.Null(manifest.MediaType);
        Assert.Equal(MediaTypes.OciConfig, manifest.Config.MediaType);
        AssertDescribes(manifest.Config, RealImages.Blob(Layout, manifest.Config.Digest));
        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.MediaType);
        Assert.True(MediaTypes.IsLayer(layer.MediaType));
        AssertDescribes(layer, RealImages.Blob(Layout, layer.Digest));
        Assert.Equal(new Dictionary<string, string> { ["org.opencontainers.image.source"] = RealImages.SourceAnnotation }, manifest.Annotations);
    }

    [Fact]
    public void Manifest_of_a_new_image_has_no_layers_and_writes_an_empty_layers_array()
    {
        var original = RealImages.ManifestBytes(Layout, RealImages.BaseTag);
        var manifest = ReadManifest(original);

        Assert.Empty(manifest.Layers);
        Assert.Null(manifest.Annotations);
        var written = Write(manifest);
        // Go writes "layers":[] for an empty slice; omitting it would break readers that require the key.
        Assert.Contains("\"layers\":[]", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        JsonTree.AssertEquivalent(original, written);
    }

    [Theory]
    [InlineData(RealImages.BaseTag)]
    [InlineData(RealImages.ConfiguredTag)]
    [InlineData(RealImages.OffsetTag)]
    public void Manifest_round_trips_to_the_same_tree(string tag)
    {
        var original = RealImages.ManifestBytes(Layout, tag);

        var written = Write(ReadManifest(original));

        JsonTree.AssertEquivalent(original, written);
        AssertPlainMediaTypes(written);
        Assert.Contains("\"mediaType\":\"application/vnd.oci.image.config.v1+json\"", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_carries_every_setting_given_to_umoci_config()
    {
        var config = ReadConfig(RealImages.ConfigBytes(Layout, RealImages.ConfiguredTag));

        Assert.Equal("amd64", config.Architecture);
        Assert.Equal("linux", config.Os);
        Assert.Null(config.Variant);
        Assert.Equal("Berth Tests", config.Author);
        var settings = config.Config!;
        Assert.Equal("1000:1000", settings.User);
        Assert.Equal(["/usr/bin/env"], settings.Entrypoint!);
        Assert.Equal(["sh", "-c", "echo hi"], settings.Cmd!);
        Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=a+b=c"], settings.Env!);
        Assert.Equal(["53/udp", "8080/tcp"], settings.ExposedPorts!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["/data", "/var/cache"], settings.Volumes!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/srv/app", settings.WorkingDir);
        Assert.Equal("SIGQUIT", settings.StopSignal);
        // Go escaped the label as \u003cb\u003e\u0026amp;...; the reader must hand back the characters.
        Assert.Equal(
            new Dictionary<string, string> { ["org.opencontainers.image.title"] = "berth-test", ["html"] = RealImages.HtmlLabel },
            settings.Labels);
        Assert.Null(settings.Healthcheck);
        Assert.Null(settings.Shell);
        Assert.False(settings.ArgsEscaped);
    }

    [Fact]
    public void Config_diff_id_is_the_digest_of_the_uncompressed_layer()
    {
        var manifest = ReadManifest(RealImages.ManifestBytes(Layout, RealImages.ConfiguredTag));
        var config = ReadConfig(RealImages.Blob(Layout, manifest.Config.Digest));

        Assert.Equal("layers", config.RootFs.Type);
        using var gzip = new GZipStream(new MemoryStream(RealImages.Blob(Layout, Assert.Single(manifest.Layers).Digest)), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        Assert.Equal([Sha256(tar.ToArray())], config.RootFs.DiffIds);
    }

    [Fact]
    public void Config_history_marks_the_config_only_step_as_an_empty_layer()
    {
        var config = ReadConfig(RealImages.ConfigBytes(Layout, RealImages.ConfiguredTag));

        Assert.Collection(config.History!,
            configOnly =>
            {
                Assert.Equal(RealImages.EmptyLayerCreatedBy, configOnly.CreatedBy);
                Assert.Equal("configured", configOnly.Comment);
                Assert.Equal("Berth Tests", configOnly.Author);
                Assert.True(configOnly.EmptyLayer);
                Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 10, TimeSpan.Zero), configOnly.Created);
            },
            layer =>
            {
                Assert.Equal(RealImages.LayerCreatedBy, layer.CreatedBy);
                Assert.Null(layer.Comment);
                Assert.False(layer.EmptyLayer);
                // 1 ns past the second rounds to the second: DateTimeOffset counts 100 ns ticks.
                Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 11, TimeSpan.Zero), layer.Created);
            });
        // Docker pairs non-empty history entries with diff_ids; a reader that lost empty_layer would miscount.
        Assert.Equal(config.RootFs.DiffIds.Count, config.History!.Count(h => !h.EmptyLayer));
    }

    [Fact]
    public void Config_of_a_new_image_has_an_empty_config_object_and_no_history()
    {
        var original = RealImages.ConfigBytes(Layout, RealImages.BaseTag);
        var config = ReadConfig(original);

        Assert.NotNull(config.Config);
        Assert.Null(config.Config.Cmd);
        Assert.Empty(config.RootFs.DiffIds);
        Assert.Null(config.History);
        Assert.NotNull(config.Created);
        var written = Encoding.UTF8.GetString(Write(config));
        Assert.Contains("\"config\":{}", written, StringComparison.Ordinal);
        Assert.Contains("\"diff_ids\":[]", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_created_with_nanoseconds_is_rounded_to_a_100ns_tick_and_written_in_utc()
    {
        var config = ReadConfig(RealImages.ConfigBytes(Layout, RealImages.ConfiguredTag));

        // .123456789 s is 1234567.89 ticks: DateTimeOffset keeps 1234568 of them, the 89 ns are gone.
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_568), config.Created);
        Assert.Contains("\"created\":\"2024-05-06T07:08:09.1234568Z\"", Encoding.UTF8.GetString(Write(config)), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_created_with_a_utc_offset_keeps_the_instant_and_is_written_with_z()
    {
        var original = RealImages.ConfigBytes(Layout, RealImages.OffsetTag);
        Assert.Contains($"\"created\":\"{RealImages.OffsetCreated}\"", Encoding.UTF8.GetString(original), StringComparison.Ordinal);

        var config = ReadConfig(original);

        Assert.Equal("arm64", config.Architecture);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero), config.Created);
        Assert.Contains("\"created\":\"2024-05-06T07:08:09.5Z\"", Encoding.UTF8.GetString(Write(config)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealImages.BaseTag)]
    [InlineData(RealImages.ConfiguredTag)]
    [InlineData(RealImages.OffsetTag)]
    public void Config_round_trips_to_the_same_tree_with_times_within_a_tick(string tag)
    {
        var original = RealImages.ConfigBytes(Layout, tag);

        var written = Write(ReadConfig(original));

        // Times compare as instants (within the 50 ns rounding) and must be written in UTC; all else exactly.
        JsonTree.AssertEquivalent(original, written);
    }

    [Fact]
    public void Config_labels_are_written_unescaped_where_go_escaped_them()
    {
        var original = RealImages.ConfigBytes(Layout, RealImages.ConfiguredTag);
        Assert.Contains(@"\u003cb\u003e\u0026amp;", Encoding.UTF8.GetString(original), StringComparison.Ordinal);

        var written = Encoding.UTF8.GetString(Write(ReadConfig(original)));

        // The relaxed encoder writes HTML-sensitive characters as they are: same string, other spelling.
        Assert.Contains($"\"html\":\"{RealImages.HtmlLabel}\"", written, StringComparison.Ordinal);
    }
}
