using System.Globalization;
using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Daemon.Volumes;
using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Volumes;
using Berth.Oci;
using Berth.Storage;
using Berth.Storage.Snapshots;

namespace Berth.Daemon.Containers;

/// <summary>The /containers endpoints: create, list, inspect and the lifecycle verbs, with dockerd's statuses.</summary>
public static class ContainerRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/containers/create", Create);
        app.MapGet("/containers/json", List);
        app.MapGet("/containers/{id}/json", Inspect);
        app.MapPost("/containers/{id}/start", Start);
        app.MapPost("/containers/{id}/stop", Stop);
        app.MapPost("/containers/{id}/restart", Restart);
        app.MapPost("/containers/{id}/kill", Kill);
        app.MapPost("/containers/{id}/pause", Pause);
        app.MapPost("/containers/{id}/unpause", Unpause);
        app.MapPost("/containers/{id}/wait", Wait);
        app.MapPost("/containers/{id}/rename", Rename);
        app.MapDelete("/containers/{id}", Remove);
        app.MapGet("/containers/{id}/logs", Logs);
        app.MapPost("/containers/prune", Prune);
    }

    private static async Task Create(HttpContext context, ContainerService containers, ImageService images)
    {
        var request = await HttpJson.ReadAsync(context, ApiJsonContext.Default.ContainerCreateRequest)
            ?? throw BerthException.Invalid("config cannot be empty in order to create a container");
        if (string.IsNullOrEmpty(request.Image)) throw BerthException.Invalid("no image was specified: config.Image is required");
        var image = await images.ResolveAsync(request.Image, context.RequestAborted);
        var host = request.HostConfig ?? new HostConfig();
        var runtime = host.Runtime is { Length: > 0 } asked ? asked : containers.Runtimes.DefaultName;
        var stored = ImageDefaults.Apply(request, image.Config.Config) with { HostConfig = host with { Runtime = runtime } };
        var json = JsonSerializer.Serialize(stored, ApiJson.Writer.ContainerCreateRequest);
        var name = context.Request.Query["name"].ToString();
        var created = await containers.CreateAsync(new NewContainer(name.Length > 0 ? name : null, request.Image, image.Id, json), context.RequestAborted);
        await HttpJson.WriteAsync(context, new ContainerCreateResponse { Id = created.Id, Warnings = [] }, ApiJson.Writer.ContainerCreateResponse, StatusCodes.Status201Created);
    }

    private static async Task List(HttpContext context, ContainerService containers, ImageService images, ISnapshotter snapshotter, TimeProvider clock, CreateRequestCache requests, VolumeService volumes, Engine.Networks.NetworkService networks)
    {
        var query = context.Request.Query;
        var filters = new ContainerFilters(Filters.Parse(query["filters"], ContainerFilters.Keys));
        var limit = int.TryParse(query["limit"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : -1;
        var all = HttpJson.BoolQuery(context, "all") || limit > 0;
        var withSize = HttpJson.BoolQuery(context, "size");
        var ancestors = await AncestorsAsync(filters.Raw.Get("ancestor"), images, context.RequestAborted);
        var before = filters.Raw.Get("before") is [var b, ..] ? containers.Resolve(b).Created : (DateTimeOffset?)null;
        var since = filters.Raw.Get("since") is [var s, ..] ? containers.Resolve(s).Created : (DateTimeOffset?)null;
        var now = clock.GetUtcNow();
        var rows = new List<ContainerSummary>();
        var listed = containers.Store.List();
        var snapshot = Networks.NetworkSnapshot.Take(networks);
        var mounts = volumes.AllMounts();
        requests.Retain(listed);
        foreach (var container in listed)
        {
            if (limit > 0 && rows.Count >= limit) break;
            var includeStopped = all || filters.Raw.Get("status").Count > 0 || filters.Raw.Get("exited").Count > 0;
            if (!includeStopped && !ContainerService.IsActive(container.State.Status)) continue;
            var request = requests.Get(container);
            var health = containers.HealthOf(container.Id);
            if (!filters.Matches(container, request, ancestors, before, since, health?.Status ?? "none")) continue;
            var row = ContainerViews.Summary(container, request, now, health, VolumeViews.MountPoints([.. mounts[container.Id]], volumes.Layout));
            row = row with { Ports = Networks.NetworkViews.SummaryPorts(container, request, snapshot), NetworkSettings = new ContainerSummaryNetworkSettings { Networks = Networks.NetworkViews.SummaryNetworks(container, request, snapshot) } };
            if (withSize) row = row with { SizeRw = await SizeRwAsync(snapshotter, container.Id, context.RequestAborted), SizeRootFs = await SizeRootFsAsync(snapshotter, images, container, context.RequestAborted) };
            rows.Add(row);
        }
        await HttpJson.WriteAsync(context, rows, ApiJson.Writer.ListContainerSummary);
    }

    private static async Task Inspect(HttpContext context, string id, ContainerService containers, ImageService images, ISnapshotter snapshotter, SnapshotterChoice driver, VolumeService volumes, Engine.Networks.NetworkService networks)
    {
        var container = containers.Resolve(id);
        var request = ContainerSettingsReader.Parse(container.CreateRequestJson);
        var view = ContainerViews.Inspect(container, request, containers.Layout, driver.Name, containers.HealthOf(container.Id),
            VolumeViews.MountPoints(volumes.MountsOf(container.Id), volumes.Layout));
        view = view with { NetworkSettings = Networks.NetworkViews.Settings(container, request, Networks.NetworkSnapshot.Take(networks)) };
        if (HttpJson.BoolQuery(context, "size"))
            view = view with { SizeRw = await SizeRwAsync(snapshotter, container.Id, context.RequestAborted), SizeRootFs = await SizeRootFsAsync(snapshotter, images, container, context.RequestAborted) };
        await HttpJson.WriteAsync(context, view, ApiJson.Writer.ContainerInspect);
    }

    private static async Task Start(HttpContext context, string id, ContainerService containers)
    {
        if (context.Request.Query["checkpoint"].ToString().Length > 0) throw new BerthException(ErrorKind.NotImplemented, "checkpoints are not supported");
        context.Response.StatusCode = await containers.StartAsync(id, context.RequestAborted) ? StatusCodes.Status204NoContent : StatusCodes.Status304NotModified;
    }

    private static async Task Stop(HttpContext context, string id, ContainerService containers)
    {
        var stopped = await containers.StopAsync(id, Timeout(context), Signal(context), context.RequestAborted);
        context.Response.StatusCode = stopped ? StatusCodes.Status204NoContent : StatusCodes.Status304NotModified;
    }

    private static async Task Restart(HttpContext context, string id, ContainerService containers)
    {
        await containers.RestartAsync(id, Timeout(context), Signal(context), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Kill(HttpContext context, string id, ContainerService containers)
    {
        await containers.KillAsync(id, Signal(context), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Pause(HttpContext context, string id, ContainerService containers)
    {
        await containers.PauseAsync(id, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Unpause(HttpContext context, string id, ContainerService containers)
    {
        await containers.UnpauseAsync(id, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// The headers go out at once: the docker CLI waits for them before it starts the container, and the
    /// body follows when the container exits (or is removed).
    /// </summary>
    private static async Task Wait(HttpContext context, string id, ContainerService containers)
    {
        var exit = containers.WaitAsync(id, context.Request.Query["condition"], context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = HttpJson.ContentType;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        var code = await exit;
        await JsonSerializer.SerializeAsync(context.Response.Body, new ContainerWaitResponse { StatusCode = code }, ApiJson.Writer.ContainerWaitResponse, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
    }

    private static async Task Rename(HttpContext context, string id, ContainerService containers)
    {
        var name = context.Request.Query["name"].ToString();
        if (name.Length == 0) throw BerthException.Invalid("Neither old nor new names may be empty");
        await containers.RenameAsync(id, name, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Remove(HttpContext context, string id, ContainerService containers)
    {
        if (HttpJson.BoolQuery(context, "link")) throw new BerthException(ErrorKind.NotImplemented, "links are not supported");
        await containers.RemoveAsync(id, HttpJson.BoolQuery(context, "force"), HttpJson.BoolQuery(context, "v"), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Logs(HttpContext context, string id, ContainerService containers)
    {
        var container = containers.Resolve(id);
        var logs = LogStreaming.FromQuery(context.Request.Query);
        var tty = containers.SettingsOf(container).Run.Tty;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = tty ? RawStream : MultiplexedStream;
        await context.Response.StartAsync(context.RequestAborted);
        await logs.WriteAsync(containers.Layout.LogPath(container.Id), tty, containers.ExitOf(container.Id), context.Response.Body, context.RequestAborted);
    }

    private static async Task Prune(HttpContext context, ContainerService containers)
    {
        var filters = Filters.Parse(context.Request.Query["filters"], new HashSet<string> { "until", "label", "label!" });
        var until = filters.Get("until") is [var value, ..] ? Images.ImageFilters.ParseUntil(value) : (DateTimeOffset?)null;
        var deleted = new List<string>();
        foreach (var container in containers.Store.List())
        {
            if (ContainerService.IsActive(container.State.Status) || container.State.Status == ContainerStatus.Removing) continue;
            if (until is { } u && container.Created >= u) continue;
            if (!filters.MatchesLabels(ContainerSettingsReader.Parse(container.CreateRequestJson).Labels)) continue;
            try
            {
                await containers.RemoveAsync(container.Id, force: false, removeVolumes: false, context.RequestAborted);
                deleted.Add(container.Id);
            }
            catch (BerthException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
            {
                // Started or removed meanwhile.
            }
        }
        await HttpJson.WriteAsync(context, new ContainerPruneReport { ContainersDeleted = deleted.Count > 0 ? deleted : null }, ApiJson.Writer.ContainerPruneReport);
    }

    public const string RawStream = "application/vnd.docker.raw-stream";
    public const string MultiplexedStream = "application/vnd.docker.multiplexed-stream";

    private static int? Timeout(HttpContext context) =>
        int.TryParse(context.Request.Query["t"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) ? t : null;

    private static string? Signal(HttpContext context) => context.Request.Query["signal"].ToString() is { Length: > 0 } s ? s : null;

    private static async Task<IReadOnlySet<Digest>?> AncestorsAsync(IReadOnlyList<string> names, ImageService images, CancellationToken cancellationToken)
    {
        if (names.Count == 0) return null;
        var ids = new HashSet<Digest>();
        foreach (var name in names)
        {
            if (await images.TryResolveAsync(name, cancellationToken) is { } image) ids.Add(image.Id);
        }
        return ids;
    }

    private static async Task<long> SizeRwAsync(ISnapshotter snapshotter, string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await snapshotter.UsageAsync(id, cancellationToken)).Size;
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            return 0;
        }
    }

    private static async Task<long> SizeRootFsAsync(ISnapshotter snapshotter, ImageService images, ContainerRecord container, CancellationToken cancellationToken)
    {
        var image = await images.TryResolveAsync(container.ImageId.ToString(), cancellationToken);
        return await SizeRwAsync(snapshotter, container.Id, cancellationToken) + (image?.Record.Size ?? 0);
    }
}
