using System.Text.Json;
using Berth.Api;
using Berth.Api.Client;
using Berth.Api.Models;
using Berth.Build;
using Berth.Daemon.Hosting;
using Berth.Engine.Build;
using Berth.Engine.Build.Contexts;
using Berth.Engine.Events;
using Berth.Engine.Images;
using Berth.Images.Layers;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Build;

/// <summary>
/// <c>POST /build</c>, the classic builder's endpoint, which the docker CLI uses with <c>DOCKER_BUILDKIT=0</c> and
/// berth always: the context tar in the body, docker build's options in the query, the classic builder's JSON
/// messages back. And <c>POST /build/prune</c>.
/// </summary>
public static class BuildRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/build", Build);
        app.MapPost("/build/prune", Prune);
        BuildContextRoutes.Map(app);
    }

    private static async Task Build(HttpContext context, Builder builder, BuildWorker worker, SyncedContexts synced, BlobCollector collector, EventBus events)
    {
        var request = ReadRequest(context.Request.Query) with { Secrets = ReadSecrets(context.Request.Headers[BerthClient.SecretsHeader]) };
        var quiet = HttpJson.BoolQuery(context, "q");
        // The build's blobs are the cache's or nobody's until the end: no collection may run meanwhile.
        using var lease = await collector.LeaseAsync(context.RequestAborted);
        await using IReceivedContext received = context.Request.Query["berthcontext"].ToString() is { Length: > 0 } upload
            ? await synced.ReceiveAsync(upload, context.Request.Body, context.RequestAborted)
            : await UnpackedContext.UnpackAsync(worker.ContextRoot, context.Request.Body, context.RequestAborted);
        var output = new MessageOutput(context, quiet);
        try
        {
            var id = await builder.BuildAsync(request with { ContextDirectory = received.Directory, ContextDigests = received.Digests }, output, context.RequestAborted);
            await HttpJson.WriteMessageAsync(context, new JsonMessage { Aux = new BuildResult(id.ToString()) });
            foreach (var tag in request.Tags) events.Publish("image", "tag", id.ToString(), new Dictionary<string, string> { ["name"] = tag });
        }
        catch (BuildFailedException e)
        {
            await HttpJson.WriteMessageAsync(context, JsonMessage.Failure(e.Message, e.ExitCode == 1 ? 0 : e.ExitCode));
        }
    }

    private static BuildRequest ReadRequest(IQueryCollection query)
    {
        if (query["remote"].ToString() is { Length: > 0 } remote) throw BerthException.Invalid($"remote build contexts are not supported: {remote}");
        var tags = query["t"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
        foreach (var tag in tags)
        {
            if (!ImageReference.TryParse(tag, out var reference)) throw BerthException.Invalid($"invalid reference format: {tag}");
            if (reference.Digest is not null) throw BerthException.Invalid($"invalid reference format: {tag}: a tag can't hold a digest");
        }
        return new BuildRequest
        {
            ContextDirectory = "",
            Dockerfile = query["dockerfile"].ToString() is { Length: > 0 } dockerfile ? dockerfile : "Dockerfile",
            Tags = tags,
            BuildArgs = ReadMap(query["buildargs"], "buildargs"),
            Labels = ReadMap(query["labels"], "labels").Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!, StringComparer.Ordinal),
            Target = query["target"].ToString() is { Length: > 0 } target ? target : null,
            NoCache = QueryValues.IsTrue(query["nocache"]),
            Pull = QueryValues.IsTrue(query["pull"]),
            NetworkMode = query["networkmode"].ToString() is { Length: > 0 } network ? network : null,
        };
    }

    private static Dictionary<string, byte[]> ReadSecrets(string? header)
    {
        if (string.IsNullOrEmpty(header)) return [];
        try
        {
            var secrets = JsonSerializer.Deserialize(Convert.FromBase64String(header), ApiJsonContext.Default.DictionaryStringString) ?? [];
            return secrets.ToDictionary(s => s.Key, s => Convert.FromBase64String(s.Value ?? ""), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw BerthException.Invalid($"invalid {BerthClient.SecretsHeader} header: {e.Message}");
        }
    }

    private static Dictionary<string, string?> ReadMap(string? json, string name)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            return JsonSerializer.Deserialize(json, ApiJsonContext.Default.DictionaryStringString) ?? [];
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid {name} parameter: {e.Message}");
        }
    }

    private static async Task Prune(HttpContext context, BuildCacheStore cache, BuildWorker worker, SyncedContexts synced, BlobCollector collector)
    {
        var forgotten = cache.Clear();
        var reclaimed = await collector.CollectAsync(context.RequestAborted) + worker.ClearCacheMounts() + await synced.ClearAsync(context.RequestAborted);
        await HttpJson.WriteAsync(context, new BuildPruneReport { CachesDeleted = [.. forgotten], SpaceReclaimed = reclaimed }, ApiJson.Writer.BuildPruneReport);
    }

    /// <summary>The builder's text as <c>stream</c> messages, or nothing at all for <c>q=1</c> (the CLI prints the ID then).</summary>
    private sealed class MessageOutput(HttpContext context, bool quiet) : IBuildOutput
    {
        public async ValueTask WriteAsync(string text, CancellationToken cancellationToken)
        {
            if (!quiet) await HttpJson.WriteMessageAsync(context, new JsonMessage { Stream = text });
        }
    }
}
