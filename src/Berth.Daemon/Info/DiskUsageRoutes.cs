using System.Globalization;
using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Containers;
using Berth.Daemon.Hosting;
using Berth.Daemon.Images;
using Berth.Daemon.Volumes;
using Berth.Engine.Build;
using Berth.Engine.Build.Contexts;
using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Volumes;
using Berth.Oci;
using Berth.Storage.Snapshots;

namespace Berth.Daemon.Info;

/// <summary>
/// GET /system/df: what images, containers, volumes and the build cache take on disk. Sizes are the layer blobs
/// (as /images/json reports them), each container's writable layer plus its log file (Docker leaves logs out; the
/// issue asks that they count, and they are the container's to reclaim), each volume's data, and per build cache
/// record the newest layer of the state that step produced (the bytes that step added).
/// </summary>
public static class DiskUsageRoutes
{
    private static readonly string[] Types = ["container", "image", "volume", "build-cache"];

    public static void Map(WebApplication app) => app.MapGet("/system/df", DiskUsageAsync);

    private static async Task DiskUsageAsync(HttpContext context, ImageService images, ContainerService containers, ISnapshotter snapshotter,
        CreateRequestCache requests, VolumeService volumes, BuildCacheStore cache, SyncedContexts contexts, TimeProvider clock)
    {
        var wanted = context.Request.Query["type"].Where(t => t is not null).Select(t => t!).ToList();
        foreach (var type in wanted)
            if (!Types.Contains(type)) throw BerthException.Invalid($"invalid type: {type}");
        bool Wants(string type) => wanted.Count == 0 || wanted.Contains(type);
        var ct = context.RequestAborted;

        var listedContainers = containers.Store.List();
        var allImages = await images.ListAsync(ct);
        long layersSize = 0;
        List<ImageSummary>? imageRows = null;
        if (Wants("image"))
        {
            var layerUsers = allImages.SelectMany(i => i.Manifest.Layers.Select(l => l.Digest).Distinct()).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
            layersSize = allImages.SelectMany(i => i.Manifest.Layers).DistinctBy(l => l.Digest).Sum(l => l.Size);
            imageRows = [];
            foreach (var image in allImages)
            {
                var row = ImageViews.Summary(image, image.Names);
                row.SharedSize = image.Manifest.Layers.DistinctBy(l => l.Digest).Where(l => layerUsers[l.Digest] > 1).Sum(l => l.Size);
                row.Containers = listedContainers.Count(c => c.ImageId == image.Id);
                imageRows.Add(row);
            }
        }

        List<ContainerSummary>? containerRows = null;
        if (Wants("container"))
        {
            containerRows = [];
            var now = clock.GetUtcNow();
            foreach (var container in listedContainers)
            {
                var request = requests.Get(container);
                var sizeRw = await WritableSizeAsync(snapshotter, container.Id, ct) + Berth.Runtime.Logs.LogFiles.TotalSize(containers.Layout.LogPath(container.Id));
                var image = allImages.FirstOrDefault(i => i.Id == container.ImageId);
                var row = ContainerViews.Summary(container, request, now, containers.HealthOf(container.Id),
                    VolumeViews.MountPoints(volumes.MountsOf(container.Id), volumes.Layout));
                containerRows.Add(row with { SizeRw = sizeRw, SizeRootFs = sizeRw + (image?.Record.Size ?? 0) });
            }
        }

        List<DiskUsageVolume>? volumeRows = null;
        if (Wants("volume"))
        {
            volumeRows = [];
            foreach (var volume in volumes.List())
            {
                var info = VolumeViews.Info(volume, volumes.Layout);
                volumeRows.Add(new DiskUsageVolume
                {
                    CreatedAt = info.CreatedAt,
                    Driver = info.Driver,
                    Labels = info.Labels,
                    Mountpoint = info.Mountpoint,
                    Name = info.Name,
                    Options = info.Options,
                    UsageData = new VolumeUsageData(VolumeSize.Measure(volumes.Layout.DataPath(volume.Name), ct), volumes.Store.UsersOf(volume.Name).Count),
                });
            }
        }

        List<BuildCacheRecord>? cacheRows = Wants("build-cache") ? [.. await CacheRecordsAsync(images, cache, ct), .. KeptContextRecords(contexts)] : null;
        await HttpJson.WriteAsync(context, new DiskUsage
        {
            LayersSize = layersSize,
            Images = imageRows,
            Containers = containerRows,
            Volumes = volumeRows,
            BuildCache = cacheRows,
        }, ApiJson.Writer.DiskUsage);
    }

    private static async Task<List<BuildCacheRecord>> CacheRecordsAsync(ImageService images, BuildCacheStore cache, CancellationToken ct)
    {
        var rows = new List<BuildCacheRecord>();
        foreach (var (key, manifestDigest) in cache.Entries())
        {
            // A record whose manifest was collected is gone for all purposes: nothing to report or reclaim.
            if (!images.Content.Exists(manifestDigest)) continue;
            var manifest = JsonSerializer.Deserialize(await images.Content.ReadAllBytesAsync(manifestDigest, ct), OciJsonContext.Default.ImageManifest);
            var created = GoTime.Format(new DateTimeOffset(File.GetLastWriteTimeUtc(images.Content.PathOf(manifestDigest))));
            rows.Add(new BuildCacheRecord
            {
                ID = key,
                Type = "regular",
                Description = $"step {key}",
                Size = manifest?.Layers is [.., var newest] ? newest.Size : 0,
                // Cache records are never held by a running build between requests; every one is reclaimable.
                InUse = false,
                Shared = false,
                CreatedAt = created,
                LastUsedAt = created,
                UsageCount = 1,
            });
        }
        return rows;
    }

    /// <summary>The build contexts kept for rebuilds (context sync), as BuildKit lists its kept local sources; prune clears them.</summary>
    private static IEnumerable<BuildCacheRecord> KeptContextRecords(SyncedContexts contexts) =>
        contexts.List().Select(kept => new BuildCacheRecord
        {
            ID = kept.Key,
            Type = "source.local",
            Description = "local source for context",
            Size = kept.Size,
            InUse = false,
            Shared = false,
            CreatedAt = GoTime.Format(kept.LastUsed),
            LastUsedAt = GoTime.Format(kept.LastUsed),
            UsageCount = 1,
        });

    private static async Task<long> WritableSizeAsync(ISnapshotter snapshotter, string id, CancellationToken ct)
    {
        try
        {
            return (await snapshotter.UsageAsync(id, ct)).Size;
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            return 0;
        }
    }
}
