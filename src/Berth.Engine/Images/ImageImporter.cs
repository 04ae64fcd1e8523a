using System.Formats.Tar;
using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// <c>docker import</c>: a rootfs tarball (plain, gzip or zstd) becomes a one-layer image. The tar is
/// stored uncompressed, so its digest is also its DiffID; every entry is checked for path escapes while
/// the bytes stream into the content store, and nothing is named until all of it was accepted.
/// </summary>
public sealed class ImageImporter(ContentStore content, ImageStore store, BlobCollector collector, TimeProvider clock)
{
    public sealed record Request(Stream Tar, ImageReference? Name, string? Message, IReadOnlyList<string> Changes, string Source);

    public async Task<Digest> ImportAsync(Request request, CancellationToken cancellationToken)
    {
        // Parse changes first: a bad --change must fail before anything is written.
        var config = ImageChanges.Apply(new ContainerConfig(), request.Changes);
        using var lease = await collector.LeaseAsync(cancellationToken);
        var layer = await IngestLayerAsync(request.Tar, cancellationToken);
        var now = clock.GetUtcNow();
        var comment = string.IsNullOrEmpty(request.Message) ? $"Imported from {request.Source}" : request.Message;
        var imageConfig = new ImageConfig
        {
            Created = now,
            Comment = comment,
            Config = config == new ContainerConfig() ? null : config,
            RootFs = new RootFs { DiffIds = [layer.Digest] },
            History = [new HistoryEntry { Created = now, CreatedBy = "", Comment = comment }],
        };
        var configDescriptor = await content.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(imageConfig, OciJson.Writer.ImageConfig), MediaTypes.OciConfig, cancellationToken);
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = [layer] };
        var manifestDescriptor = await content.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Writer.ImageManifest), MediaTypes.OciManifest, cancellationToken);
        var id = configDescriptor.ParsedDigest;
        store.Commit(new ImageRecord(id, manifestDescriptor.ParsedDigest, layer.Size, now, now),
            request.Name is null ? [] : [request.Name.WithDefaultTag().ToString()]);
        return id;
    }

    private async Task<Descriptor> IngestLayerAsync(Stream tar, CancellationToken cancellationToken)
    {
        await using var writer = content.OpenWriter();
        await using var decompressed = await OpenDecompressedAsync(tar, cancellationToken);
        await using var tee = new TeeReadStream(decompressed, writer);
        try
        {
            await using var reader = new TarReader(tee, leaveOpen: true);
            var entries = 0;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                LayerEntryValidator.Validate(entry);
                entries++;
            }
            if (entries == 0) throw BerthException.Invalid("invalid tar archive: no entries");
            await tee.DrainAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or ZstdSharp.ZstdException)
        {
            throw BerthException.Invalid($"invalid tar archive: {e.Message}", e);
        }
        return await writer.CommitAsync(MediaTypes.OciLayer, null, null, cancellationToken);
    }

    private static async Task<Stream> OpenDecompressedAsync(Stream tar, CancellationToken cancellationToken)
    {
        try
        {
            return await LayerCompression.OpenDecompressedAsync(tar, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw BerthException.Invalid($"invalid tar archive: {e.Message}", e);
        }
    }
}
