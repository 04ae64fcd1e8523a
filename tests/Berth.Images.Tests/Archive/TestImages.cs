using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Images.Content;
using Berth.Images.Tests.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

/// <summary>An image built into a content store by a test, with what a load should report for it.</summary>
public sealed record TestImage(Digest Manifest, Digest Config, IReadOnlyList<Digest> Layers, long UncompressedSize, DateTimeOffset Created);

/// <summary>Builds small images blob by blob: layer tars, a config whose diff_ids match them, and a manifest.</summary>
public static class TestImages
{
    public static readonly DateTimeOffset Created = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public static byte[] Layer(string file, string content) => new TarBuilder().File(file, content).Build();

    /// <summary>A config document with <paramref name="layers"/> as its diff_ids.</summary>
    public static byte[] Config(IEnumerable<byte[]> layers, string architecture = "amd64") =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["created"] = "2024-05-06T07:08:09Z",
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Cmd"] = new JsonArray("sh") },
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray(layers.Select(layer => (JsonNode)Digest.Compute(layer).ToString()).ToArray()),
            },
        }.ToJsonString());

    /// <summary>Stores an image whose layers are <paramref name="layers"/>, gzip-compressed where <paramref name="gzip"/> says.</summary>
    public static async Task<TestImage> AddAsync(ContentStore store, IReadOnlyList<byte[]> layers, IReadOnlyList<bool>? gzip = null,
        string manifestMediaType = MediaTypes.OciManifest, string architecture = "amd64")
    {
        var docker = manifestMediaType == MediaTypes.DockerManifest;
        var descriptors = new List<Descriptor>();
        for (var i = 0; i < layers.Count; i++)
        {
            var compressed = gzip?[i] ?? false;
            var mediaType = (docker, compressed) switch
            {
                (true, true) => MediaTypes.DockerLayerGzip,
                (true, false) => MediaTypes.DockerLayer,
                (false, true) => MediaTypes.OciLayerGzip,
                (false, false) => MediaTypes.OciLayer,
            };
            descriptors.Add(await store.WriteBytesAsync(compressed ? TarBuilder.Gzip(layers[i]) : layers[i], mediaType, default));
        }
        var config = await store.WriteBytesAsync(Config(layers, architecture), docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, default);
        var manifest = await store.WriteBytesAsync(Manifest(manifestMediaType, config, descriptors), manifestMediaType, default);
        return new TestImage(manifest.ParsedDigest, config.ParsedDigest, descriptors.Select(layer => layer.ParsedDigest).ToList(),
            layers.Sum(layer => (long)layer.Length), Created);
    }

    public static byte[] Manifest(string mediaType, Descriptor config, IReadOnlyList<Descriptor> layers) =>
        JsonSerializer.SerializeToUtf8Bytes(new ImageManifest { MediaType = mediaType, Config = config, Layers = layers }, OciJsonContext.Default.ImageManifest);
}
