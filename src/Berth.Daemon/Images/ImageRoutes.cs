using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Events;
using Berth.Engine.Images;
using Berth.Engine.Snapshots;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Images;

/// <summary>
/// The /images endpoints. Image names may hold slashes (<c>/images/localhost:5000/app:1/json</c>), so the
/// per-image routes take the rest of the path and split off the action at its end.
/// </summary>
public static class ImageRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/images/json", List);
        app.MapGet("/images/get", SaveMany);
        app.MapPost("/images/create", Create);
        app.MapPost("/images/load", Load);
        app.MapPost("/images/prune", Prune);
        app.MapGet("/images/{**path}", GetByName);
        app.MapPost("/images/{**path}", PostByName);
        app.MapDelete("/images/{**path}", Remove);
    }

    private static async Task List(HttpContext context, ImageService images)
    {
        var filters = Filters.Parse(context.Request.Query["filters"], ImageFilters.ListKeys);
        var before = await ReferenceTimeAsync(filters, "before", images, context.RequestAborted);
        var since = await ReferenceTimeAsync(filters, "since", images, context.RequestAborted);
        var until = filters.Get("until") is [var value, ..] ? ImageFilters.ParseUntil(value) : (DateTimeOffset?)null;
        var references = ImageFilters.ReferencePatterns(filters);
        var rows = new List<ImageSummary>();
        foreach (var image in await images.ListAsync(context.RequestAborted))
        {
            if (!ImageFilters.Matches(image, filters, before, since, until)) continue;
            if (ImageFilters.ShownNames(image, references) is { } names) rows.Add(ImageViews.Summary(image, names));
        }
        await HttpJson.WriteAsync(context, rows, ApiJson.Writer.ListImageSummary);
    }

    private static async Task GetByName(HttpContext context, string path, ImageService images, ImageTransfer transfer)
    {
        var (name, action) = SplitAction(path);
        switch (action)
        {
            case "json":
                var image = await images.ResolveAsync(name, context.RequestAborted);
                var version = (Version)context.Items[ApiVersionMiddleware.VersionItem]!;
                var manifest = new Descriptor
                {
                    MediaType = image.Manifest.MediaType ?? MediaTypes.OciManifest,
                    Digest = image.Record.ManifestDigest.ToString(),
                    Size = images.Content.SizeOf(image.Record.ManifestDigest),
                };
                await HttpJson.WriteAsync(context, ImageViews.Inspect(image, version >= new Version(1, 48), manifest), ApiJson.Writer.ImageInspect);
                break;
            case "history":
                var history = await images.HistoryAsync(name, context.RequestAborted);
                await HttpJson.WriteAsync(context, history.Select(h => new ImageHistoryItem
                {
                    Id = h.Id?.ToString() ?? "<missing>",
                    Created = h.Created?.ToUnixTimeSeconds() ?? 0,
                    CreatedBy = h.CreatedBy,
                    Tags = h.Tags,
                    Size = h.Size,
                    Comment = h.Comment,
                }).ToList(), ApiJson.Writer.ListImageHistoryItem);
                break;
            case "get":
                await SaveAsync(context, transfer, [name]);
                break;
            default:
                throw NotFound();
        }
    }

    private static async Task PostByName(HttpContext context, string path, ImageService images, EventBus events)
    {
        var (name, action) = SplitAction(path);
        if (action == "push")
        {
            await DistributionRoutes.PushAsync(context, name);
            return;
        }
        if (action != "tag") throw NotFound();
        var repository = context.Request.Query["repo"].ToString();
        if (repository.Length == 0) throw BerthException.Invalid("repository name must have at least one component");
        var tag = context.Request.Query["tag"].ToString();
        var target = ImageReference.FromRepository(repository, tag.Length > 0 ? tag : null);
        if (target.Digest is not null) throw BerthException.Invalid("refusing to create a tag with a digest reference");
        await images.TagAsync(name, target, context.RequestAborted);
        var tagged = await images.ResolveAsync(name, context.RequestAborted);
        events.Publish("image", "tag", tagged.Id.ToString(), new Dictionary<string, string> { ["name"] = target.WithDefaultTag().FamiliarString });
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private static async Task Remove(HttpContext context, string path, ImageService images, EventBus events, Engine.Containers.ContainerStore containers, SnapshotCollector layers)
    {
        var image = await images.ResolveAsync(path, context.RequestAborted);
        var force = HttpJson.BoolQuery(context, "force");
        var deletions = ImageInUse.Check(path, image, containers.List(), force) == ImageRemoval.UntagOnly
            ? images.Untag(path, image)
            : await images.RemoveAsync(path, force, context.RequestAborted);
        if (deletions.Any(d => d.Deleted is not null)) await CollectUnpackedLayersAsync(images, layers, context.RequestAborted);
        PublishDeletions(events, image.Id, deletions);
        await HttpJson.WriteAsync(context, deletions.Select(ImageViews.Deletion).ToList(), ApiJson.Writer.ListImageDeleteItem);
    }

    private static async Task Prune(HttpContext context, ImageService images, EventBus events, Engine.Containers.ContainerStore containers, SnapshotCollector layers)
    {
        // As dockerd's prune: an image that a container uses (running or not) is not unused, dangling or not.
        var used = containers.List().Select(c => c.ImageId).ToHashSet();
        var filters = Filters.Parse(context.Request.Query["filters"], ImageFilters.PruneKeys);
        // Docker: dangling=false means "all unused images", not only dangling ones.
        var all = filters.GetBool("dangling") == false;
        var until = filters.Get("until") is [var value, ..] ? ImageFilters.ParseUntil(value) : (DateTimeOffset?)null;
        var (deleted, space) = await images.PruneAsync(all, image => !used.Contains(image.Id) && filters.MatchesLabels(image.Config.Config?.Labels)
            && (until is null || (image.Config.Created ?? image.Record.Created) < until),
            context.RequestAborted);
        if (deleted.Count > 0) await CollectUnpackedLayersAsync(images, layers, context.RequestAborted);
        foreach (var deletion in deleted) PublishDeletions(events, deletion.Deleted, [deletion]);
        events.Publish("image", "prune", "", new Dictionary<string, string> { ["reclaimed"] = space.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await HttpJson.WriteAsync(context, new ImagePruneReport(deleted.Select(ImageViews.Deletion).ToList(), space), ApiJson.Writer.ImagePruneReport);
    }

    /// <summary>
    /// Deleting an image frees its blobs at once (ImageService), but its layers also sit unpacked in the
    /// snapshotter, usually many times their compressed size: those go too, unless another image or a container needs them.
    /// </summary>
    private static async Task CollectUnpackedLayersAsync(ImageService images, SnapshotCollector layers, CancellationToken cancellationToken)
    {
        var remaining = await images.ListAsync(cancellationToken);
        await layers.CollectAsync(SnapshotCollector.NeededBy(remaining.Select(image => image.Config)), cancellationToken);
    }

    private static async Task Create(HttpContext context, ImageImporter importer, EventBus events)
    {
        var query = context.Request.Query;
        var source = query["fromSrc"].ToString();
        if (source.Length == 0)
        {
            var fromImage = query["fromImage"].ToString();
            if (fromImage.Length == 0) throw BerthException.Invalid("either fromImage or fromSrc must be given");
            await DistributionRoutes.PullAsync(context, fromImage);
            return;
        }
        if (source != "-") throw BerthException.Invalid($"importing from a URL is not supported: {source}");
        var repository = query["repo"].ToString();
        var tag = query["tag"].ToString();
        ImageReference? name = repository.Length == 0 ? null : ImageReference.FromRepository(repository, tag.Length > 0 ? tag : null);
        if (name?.Digest is not null) throw BerthException.Invalid("cannot import digest reference");
        var changes = query["changes"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList();
        var id = await importer.ImportAsync(new ImageImporter.Request(context.Request.Body, name, query["message"], changes, source), context.RequestAborted);
        events.Publish("image", "import", id.ToString(), new Dictionary<string, string> { ["name"] = name?.WithDefaultTag().FamiliarString ?? id.ToString() });
        await HttpJson.WriteMessageAsync(context, new JsonMessage { Status = id.ToString() });
    }

    private static async Task Load(HttpContext context, ImageTransfer transfer)
    {
        // Nothing is sent until the load is done, so a bad archive is an HTTP error, not a half stream.
        var lines = await transfer.LoadAsync(context.Request.Body, context.RequestAborted);
        foreach (var line in lines) await HttpJson.WriteMessageAsync(context, new JsonMessage { Stream = line + "\n" });
        if (lines.Count == 0) await HttpJson.WriteMessageAsync(context, new JsonMessage { Stream = "" });
    }

    private static Task SaveMany(HttpContext context, ImageTransfer transfer) =>
        SaveAsync(context, transfer, context.Request.Query["names"].Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList());

    private static async Task SaveAsync(HttpContext context, ImageTransfer transfer, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw BerthException.Invalid("no images given to save");
        context.Response.ContentType = "application/x-tar";
        await transfer.SaveAsync(names, context.Response.Body, context.RequestAborted);
    }

    private static async Task<DateTimeOffset?> ReferenceTimeAsync(Filters filters, string key, ImageService images, CancellationToken cancellationToken) =>
        filters.Get(key) is [var name, ..] ? (await images.ResolveAsync(name, cancellationToken)) is var image ? image.Config.Created ?? image.Record.Created : null : null;

    /// <summary>Docker's untag and delete events for what an rmi or prune did.</summary>
    private static void PublishDeletions(EventBus events, Digest? imageId, IEnumerable<ImageDeletion> deletions)
    {
        foreach (var deletion in deletions)
        {
            if (deletion.Untagged is { } untagged)
                events.Publish("image", "untag", imageId?.ToString() ?? "", new Dictionary<string, string> { ["name"] = untagged });
            else if (deletion.Deleted is { } deleted)
                events.Publish("image", "delete", deleted.ToString(), new Dictionary<string, string> { ["name"] = deleted.ToString() });
        }
    }

    private static (string Name, string Action) SplitAction(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
    }

    private static BerthException NotFound() => BerthException.NotFound("page not found");
}
