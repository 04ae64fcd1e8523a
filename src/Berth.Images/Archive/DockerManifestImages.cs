using System.Text.Json;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// The images of a docker-archive's manifest.json, which names config and layers by path. Docker 25+
/// archives also hold the original manifest (reachable from index.json) and it is kept, so the image
/// keeps its manifest digest; older archives have none, and a Docker v2 schema 2 manifest is made for them.
/// </summary>
internal static class DockerManifestImages
{
    public static async Task<ImageCandidates> FindAsync(ContentStore store, ArchiveContents contents, byte[] manifestJson, CancellationToken cancellationToken)
    {
        var entries = ArchiveJson.Parse(manifestJson, ArchiveJsonContext.Default.ListArchiveManifestEntry, ArchivePaths.Manifest);
        var originals = contents.IndexJson is { } indexJson
            ? await OciIndexImages.ManifestsInArchiveAsync(store, contents, indexJson, cancellationToken)
            : [];
        var candidates = new ImageCandidates();
        foreach (var entry in entries)
        {
            var config = contents.Resolve(entry.Config, ArchivePaths.Manifest);
            var layers = entry.Layers.Select(layer => contents.Resolve(layer, ArchivePaths.Manifest)).ToList();
            var names = (entry.RepoTags ?? []).Select(ArchiveNames.FromRepoTag).ToList();
            var original = originals.Where(known => Describes(known.Manifest, config, layers)).Select(known => (Digest?)known.Digest).FirstOrDefault();
            var manifest = original ?? await SynthesizeAsync(store, config, layers, cancellationToken);
            candidates.Add(manifest, names);
        }
        return candidates;
    }

    private static bool Describes(ImageManifest manifest, Digest config, IReadOnlyList<Digest> layers) =>
        manifest.Config.Digest == config.ToString()
        && manifest.Layers.Select(layer => layer.Digest).SequenceEqual(layers.Select(layer => layer.ToString()));

    /// <summary>
    /// Writes the manifest a registry would have served for these blobs. Docker's schema 2 has no zstd
    /// layer type, so a zstd layer gets the OCI one, which every unpacker accepts whatever the manifest type.
    /// </summary>
    private static async Task<Digest> SynthesizeAsync(ContentStore store, Digest config, IReadOnlyList<Digest> layers, CancellationToken cancellationToken)
    {
        var layerDescriptors = new List<Descriptor>(layers.Count);
        foreach (var layer in layers)
        {
            var mediaType = await LayerMeasure.DetectAsync(store, layer, cancellationToken) switch
            {
                LayerFormat.Gzip => MediaTypes.DockerLayerGzip,
                LayerFormat.Zstd => MediaTypes.OciLayerZstd,
                _ => MediaTypes.DockerLayer,
            };
            layerDescriptors.Add(Describe(store, layer, mediaType));
        }
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = Describe(store, config, MediaTypes.DockerConfig),
            Layers = layerDescriptors,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Writer.ImageManifest);
        return (await store.WriteBytesAsync(bytes, MediaTypes.DockerManifest, cancellationToken)).ParsedDigest;
    }

    private static Descriptor Describe(ContentStore store, Digest digest, string mediaType) =>
        new() { MediaType = mediaType, Digest = digest.ToString(), Size = store.SizeOf(digest) };
}
