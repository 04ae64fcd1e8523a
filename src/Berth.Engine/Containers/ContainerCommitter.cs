using System.Text.Json;
using Berth.Engine.Images;
using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;
using Berth.Storage.Snapshots;

namespace Berth.Engine.Containers;

/// <summary>
/// <c>docker commit</c>: the container's changes (its writable snapshot against the image) become one more
/// layer on top of its image's, with the container's configuration as the new image's, changed by
/// <c>--change</c>. The layer is stored uncompressed, so its digest is its DiffID.
/// </summary>
public sealed class ContainerCommitter(ContainerService containers, ImageService images, ILayerSnapshotter snapshotter, BlobCollector collector, TimeProvider clock)
{
    /// <param name="Config">The container's configuration in image terms, before the changes.</param>
    /// <param name="CreatedBy">What the history entry says made the layer: the container's command.</param>
    public sealed record Request(string Container, ImageReference? Name, string? Comment, string? Author, IReadOnlyList<string> Changes, bool Pause, ContainerConfig Config, string CreatedBy);

    public async Task<Digest> CommitAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = ImageChanges.Apply(request.Config, request.Changes);
        var container = containers.Resolve(request.Container);
        var paused = request.Pause && container.State.Status == ContainerStatus.Running;
        if (paused) await containers.PauseAsync(container.Id, cancellationToken);
        Descriptor layer;
        using var lease = await collector.LeaseAsync(cancellationToken);
        try
        {
            await using var writer = images.Content.OpenWriter();
            await snapshotter.WriteDiffAsync(container.Id, writer, cancellationToken);
            layer = await writer.CommitAsync(MediaTypes.OciLayer, null, null, cancellationToken);
        }
        finally
        {
            if (paused) await containers.UnpauseAsync(container.Id, CancellationToken.None);
        }
        var parent = await images.ResolveAsync(container.ImageId.ToString(), cancellationToken);
        var now = clock.GetUtcNow();
        var imageConfig = parent.Config with
        {
            Created = now,
            Author = string.IsNullOrEmpty(request.Author) ? parent.Config.Author : request.Author,
            Comment = request.Comment,
            Config = config,
            RootFs = new RootFs { DiffIds = [.. parent.Config.RootFs.DiffIds, layer.Digest] },
            History = [.. parent.Config.History ?? [], new HistoryEntry { Created = now, CreatedBy = request.CreatedBy, Author = request.Author, Comment = request.Comment }],
        };
        var content = images.Content;
        var configDescriptor = await content.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(imageConfig, OciJson.Writer.ImageConfig), MediaTypes.OciConfig, cancellationToken);
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = [.. parent.Manifest.Layers, layer] };
        var manifestDescriptor = await content.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Writer.ImageManifest), MediaTypes.OciManifest, cancellationToken);
        var id = configDescriptor.ParsedDigest;
        images.Store.Commit(new ImageRecord(id, manifestDescriptor.ParsedDigest, parent.Record.Size + layer.Size, now, now),
            request.Name is null ? [] : [request.Name.WithDefaultTag().ToString()]);
        containers.Announce(container, "commit", ("comment", request.Comment ?? ""), ("imageID", id.ToString()));
        return id;
    }
}
