using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// Checks that a declared image is whole and consistent before it is reported loaded: its config and
/// layers came in the archive, and the config's diff_ids are the layers' uncompressed digests (as
/// <c>docker load</c> checks), which is also where the image's size comes from.
/// </summary>
internal sealed class ImageVerifier(ContentStore store, ArchiveContents contents)
{
    // Images of one archive share layers; each is decompressed once.
    private readonly Dictionary<Digest, LayerDiff> _diffs = [];

    public async Task<LoadedImage> VerifyAsync(ImageCandidate candidate, CancellationToken cancellationToken)
    {
        var what = $"manifest {candidate.Manifest}";
        var manifest = await ArchiveJson.ReadBlobAsync(store, candidate.Manifest, OciJsonContext.Default.ImageManifest, what, cancellationToken);
        var configDigest = ArchiveJson.ParseDigest(manifest.Config.Digest, what);
        contents.RequireBlob(configDigest, what);
        var config = await ArchiveJson.ReadBlobAsync(store, configDigest, OciJsonContext.Default.ImageConfig, $"image config {configDigest}", cancellationToken);

        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw BerthException.Invalid(
                $"invalid image {configDigest}: its config lists {diffIds.Count} diff_ids but its manifest has {manifest.Layers.Count} layers");
        }
        long size = 0;
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = ArchiveJson.ParseDigest(manifest.Layers[i].Digest, what);
            contents.RequireBlob(layer, what);
            var diff = await DiffOfAsync(layer, cancellationToken);
            if (diffIds[i] != diff.DiffId.ToString())
            {
                throw BerthException.Invalid($"invalid image {configDigest}: invalid diffID for layer {i}: expected {diffIds[i]}, got {diff.DiffId}");
            }
            size += diff.Size;
        }
        return new LoadedImage(candidate.Manifest, configDigest, size, config.Created ?? default, candidate.Names);
    }

    private async Task<LayerDiff> DiffOfAsync(Digest layer, CancellationToken cancellationToken)
    {
        if (!_diffs.TryGetValue(layer, out var diff))
        {
            diff = await LayerMeasure.MeasureAsync(store, layer, cancellationToken);
            _diffs.Add(layer, diff);
        }
        return diff;
    }
}
