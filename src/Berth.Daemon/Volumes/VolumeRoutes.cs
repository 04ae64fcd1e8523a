using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Daemon.Volumes;

/// <summary>The /volumes endpoints with dockerd's statuses and messages.</summary>
public static class VolumeRoutes
{
    /// <summary>From this API version prune removes only anonymous volumes unless the <c>all</c> filter says otherwise.</summary>
    private static readonly Version AnonymousOnlyPrune = new(1, 42);

    public static void Map(WebApplication app)
    {
        app.MapGet("/volumes", List);
        app.MapPost("/volumes/create", Create);
        app.MapGet("/volumes/{name}", Inspect);
        app.MapDelete("/volumes/{name}", Remove);
        app.MapPost("/volumes/prune", Prune);
    }

    private static async Task List(HttpContext context, VolumeService volumes)
    {
        var filters = new VolumeFilters(Filters.Parse(context.Request.Query["filters"], VolumeFilters.Keys));
        var used = volumes.InUse();
        var rows = volumes.List().Where(v => filters.Matches(v, used.Contains(v.Name))).Select(v => VolumeViews.Info(v, volumes.Layout)).ToList();
        await HttpJson.WriteAsync(context, new VolumeListResponse { Volumes = rows }, ApiJson.Writer.VolumeListResponse);
    }

    private static async Task Create(HttpContext context, VolumeService volumes)
    {
        // An empty body asks for an anonymous volume with no options, as an empty JSON object does.
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = string.IsNullOrWhiteSpace(body) ? new VolumeCreateRequest() : Read(body);
        var volume = await volumes.CreateAsync(request.Name, request.Driver, request.DriverOpts, request.Labels, context.RequestAborted);
        await HttpJson.WriteAsync(context, VolumeViews.Info(volume, volumes.Layout), ApiJson.Writer.VolumeInfo, StatusCodes.Status201Created);
    }

    private static VolumeCreateRequest Read(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.VolumeCreateRequest) ?? new VolumeCreateRequest();
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid JSON: {e.Message}", e);
        }
    }

    private static Task Inspect(HttpContext context, string name, VolumeService volumes) =>
        HttpJson.WriteAsync(context, VolumeViews.Info(volumes.Get(name), volumes.Layout), ApiJson.Writer.VolumeInfo);

    private static async Task Remove(HttpContext context, string name, VolumeService volumes)
    {
        await volumes.RemoveAsync(name, HttpJson.BoolQuery(context, "force"), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Prune(HttpContext context, VolumeService volumes)
    {
        var filters = Filters.Parse(context.Request.Query["filters"], new HashSet<string> { "label", "label!", "all" });
        var version = context.Items[ApiVersionMiddleware.VersionItem] as Version ?? new Version(ApiVersions.Maximum);
        var all = filters.GetBool("all") ?? false;
        if (filters.Get("all").Count > 0 && version < AnonymousOnlyPrune) throw BerthException.Invalid("invalid filter 'all'");
        var anonymousOnly = version >= AnonymousOnlyPrune && !all;
        var (deleted, reclaimed) = await volumes.PruneAsync(v => (!anonymousOnly || v.IsAnonymous) && filters.MatchesLabels(v.Labels), context.RequestAborted);
        await HttpJson.WriteAsync(context, new VolumePruneReport { VolumesDeleted = deleted.Count > 0 ? deleted : null, SpaceReclaimed = (ulong)reclaimed }, ApiJson.Writer.VolumePruneReport);
    }
}
