using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Build.Contexts;
using Berth.Oci;

namespace Berth.Daemon.Build;

/// <summary>
/// <c>POST /build/context?key=</c>, Berth's context sync (no Docker API has it; berth uses it when berthd answers):
/// the client lists its context directory's entries, and learns which of them the daemon's kept copy lacks. The
/// build request then names the upload and sends only those.
/// </summary>
public static class BuildContextRoutes
{
    public static void Map(WebApplication app) => app.MapPost("/build/context", Stage);

    private static async Task Stage(HttpContext context, SyncedContexts contexts)
    {
        var manifest = await HttpJson.ReadAsync(context, ApiJsonContext.Default.BuildContextManifest)
            ?? throw BerthException.Invalid("a build context manifest is required");
        var entries = manifest.Entries.Select(e => new ContextEntry(e.Path, e.Type, e.Mode, e.Size, e.ModTime, e.Link)).ToList();
        var upload = contexts.Stage(context.Request.Query["key"].ToString(), entries);
        await HttpJson.WriteAsync(context, new BuildContextUpload { Upload = upload.Id, Missing = upload.Missing }, ApiJson.Writer.BuildContextUpload);
    }
}
