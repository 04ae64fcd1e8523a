using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Containers;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Containers;

/// <summary>
/// POST /commit (<c>docker commit</c>), GET /containers/{id}/export (<c>docker export</c>) and GET
/// /containers/{id}/changes (<c>docker diff</c>): a container's files as a new image, a flat tar, or a list of changes.
/// </summary>
public static class CommitRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/commit", Commit);
        app.MapGet("/containers/{id}/export", Export);
        app.MapGet("/containers/{id}/changes", Changes);
    }

    private static async Task Commit(HttpContext context, ContainerService containers, ContainerCommitter committer)
    {
        var query = context.Request.Query;
        var container = containers.Resolve(query["container"].ToString());
        var stored = ContainerSettingsReader.Parse(container.CreateRequestJson);
        // The body, when there is one, is a container Config whose set fields override the container's own.
        var overrides = await ReadOverridesAsync(context);
        var merged = overrides is null ? stored : ImageDefaults.Apply(overrides, ImageConfigOf(stored));
        var repository = query["repo"].ToString();
        var tag = query["tag"].ToString();
        ImageReference? name = repository.Length == 0 ? null : ImageReference.FromRepository(repository, tag.Length > 0 ? tag : null);
        if (name?.Digest is not null) throw BerthException.Invalid("refusing to create a tag with a digest reference");
        var pause = query["pause"].ToString() is not ("0" or "false" or "False");
        var changes = query["changes"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList();
        var createdBy = string.Join(' ', (stored.Entrypoint ?? []).Concat(stored.Cmd ?? []));
        var id = await committer.CommitAsync(new ContainerCommitter.Request(container.Id, name, NullIfEmpty(query["comment"]), NullIfEmpty(query["author"]), changes, pause, ImageConfigOf(merged), createdBy), context.RequestAborted);
        await HttpJson.WriteAsync(context, new CommitResponse { Id = id.ToString() }, ApiJson.Writer.CommitResponse, StatusCodes.Status201Created);
    }

    private static Task Export(HttpContext context, string id, ContainerService containers) =>
        containers.WithRootfsAsync(id, async (container, rootfs) =>
        {
            context.Response.ContentType = "application/x-tar";
            await RootfsArchive.WriteTreeAsync(rootfs, "", context.Response.Body, context.RequestAborted);
            containers.Announce(container, "export");
            return true;
        }, context.RequestAborted);

    private static Task Changes(HttpContext context, string id, ContainerService containers, ContainerChanges changes) =>
        containers.WithRootfsAsync(id, async (container, _) =>
        {
            var list = await changes.ListAsync(container.Id, context.RequestAborted);
            await HttpJson.WriteAsync(context, list.Select(c => new ContainerChange { Path = c.Path, Kind = (ContainerChangeKind)c.Kind }).ToList(), ApiJson.Writer.ListContainerChange);
            return true;
        }, context.RequestAborted);

    private static async Task<ContainerCreateRequest?> ReadOverridesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0) return null;
        try
        {
            var body = JsonSerializer.Deserialize(buffer.ToArray(), ApiJsonContext.Default.ContainerCreateRequest);
            return body == new ContainerCreateRequest() ? null : body;
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid JSON: {e.Message}", e);
        }
    }

    /// <summary>The parts of a container's Config that an image keeps.</summary>
    private static ContainerConfig ImageConfigOf(ContainerApiConfig config) => new()
    {
        User = NullIfEmpty(config.User),
        ExposedPorts = config.ExposedPorts,
        Env = config.Env,
        Entrypoint = config.Entrypoint,
        Cmd = config.Cmd,
        Volumes = config.Volumes,
        WorkingDir = NullIfEmpty(config.WorkingDir),
        Labels = config.Labels,
        StopSignal = NullIfEmpty(config.StopSignal),
        Shell = config.Shell,
        OnBuild = config.OnBuild,
        ArgsEscaped = config.ArgsEscaped,
        Healthcheck = config.Healthcheck is { } health
            ? new HealthConfig { Test = health.Test, Interval = health.Interval, Timeout = health.Timeout, StartPeriod = health.StartPeriod, Retries = health.Retries }
            : null,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
