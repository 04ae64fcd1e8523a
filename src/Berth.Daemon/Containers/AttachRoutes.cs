using System.Globalization;
using Berth.Api.Streams;
using Berth.Daemon.Hosting;
using Berth.Engine.Containers;
using Berth.Oci;
using System.Text.RegularExpressions;
using Berth.Runtime.Conmon;

namespace Berth.Daemon.Containers;

/// <summary>
/// POST /containers/{id}/attach (hijacked: the container's output as multiplexed frames, or raw with a TTY;
/// the client's input to its stdin, watched for the detach keys) and POST /containers/{id}/resize.
/// </summary>
public static class AttachRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/containers/{id}/attach", Attach);
        app.MapPost("/containers/{id}/resize", Resize);
    }

    /// <summary>The raw-connection endpoint for clients that upgrade (the docker CLI always does).</summary>
    public static HijackEndpoint Hijacked { get; } = new(new Regex("^/containers/([^/]+)/attach$"),
        (request, services, accept) => RunAsync(services.GetRequiredService<ContainerService>(), request.Id, request.Query, accept));

    /// <summary>Through Kestrel: clients that do not ask to upgrade get a 200 and a full-duplex body.</summary>
    private static Task Attach(HttpContext context, string id, ContainerService containers) =>
        RunAsync(containers, id, context.Request.Query, contentType => Hijack.AcceptAsync(context, contentType));

    private static async Task RunAsync(ContainerService containers, string id, IQueryCollection query, Func<string, Task<Stream>> accept)
    {
        var container = containers.Resolve(id);
        var settings = containers.SettingsOf(container);
        var tty = settings.Run.Tty;
        var wantStdin = QueryValues.IsTrue(query["stdin"]) && settings.OpenStdin;
        var wantStdout = QueryValues.IsTrue(query["stdout"]);
        var wantStderr = QueryValues.IsTrue(query["stderr"]);
        byte[] detachKeys;
        try
        {
            detachKeys = DetachKeys.Parse(query["detachKeys"].ToString() is { Length: > 0 } keys ? keys : DetachKeys.Default);
        }
        catch (FormatException e)
        {
            throw BerthException.Invalid(e.Message, e);
        }

        var client = await accept(tty ? ContainerRoutes.RawStream : ContainerRoutes.MultiplexedStream);
        await using (client)
        {
            // A client that went away shows as a failed write; nothing here waits on the request's abort token.
            var none = CancellationToken.None;
            if (QueryValues.IsTrue(query["logs"]))
            {
                var replay = new LogStreaming { Stdout = wantStdout, Stderr = wantStderr };
                await replay.WriteAsync(containers.Layout.LogPath(container.Id), tty, Task.CompletedTask, client, none);
            }
            if (!QueryValues.IsTrue(query["stream"])) return;
            AttachConnection connection;
            try
            {
                connection = await containers.AttachAsync(container.Id, none);
            }
            catch (BerthException e) when (!tty)
            {
                // The response has begun: the error goes to the client as a system-error frame, as dockerd sends it.
                await StdFrames.WriteAsync(client, StdStreamType.Systemerr, System.Text.Encoding.UTF8.GetBytes(e.Message), none);
                return;
            }
            await AttachPump.RunAsync(connection, client, tty, wantStdin, wantStdout, wantStderr, detachKeys);
        }
    }

    private static async Task Resize(HttpContext context, string id, ContainerService containers)
    {
        var (height, width) = QueryValues.TerminalSize(context.Request.Query);
        await containers.ResizeAsync(id, height, width, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

}
