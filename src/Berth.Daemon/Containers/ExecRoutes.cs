using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Api;
using Berth.Api.Models;
using Berth.Api.Streams;
using Berth.Daemon.Hosting;
using Berth.Engine.Containers;
using Berth.Oci;
using Berth.Runtime.Conmon;

namespace Berth.Daemon.Containers;

/// <summary>
/// The exec endpoints: create (POST /containers/{id}/exec), start (POST /exec/{id}/start: detached, or hijacked
/// like attach), inspect (GET /exec/{id}/json) and resize.
/// </summary>
public static class ExecRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/containers/{id}/exec", Create);
        app.MapPost("/exec/{id}/start", Start);
        app.MapGet("/exec/{id}/json", Inspect);
        app.MapPost("/exec/{id}/resize", Resize);
    }

    /// <summary>The raw-connection endpoint for clients that upgrade (the docker CLI always does for an attached exec).</summary>
    public static HijackEndpoint Hijacked { get; } = new(new Regex("^/exec/([^/]+)/start$"),
        (request, services, accept) => RunAsync(services.GetRequiredService<ContainerService>(), request.Id, request.Body, accept));

    private static async Task Create(HttpContext context, string id, ContainerService containers)
    {
        var body = await HttpJson.ReadAsync(context, ApiJsonContext.Default.ExecCreateRequest)
            ?? throw BerthException.Invalid("No exec command specified");
        var session = containers.CreateExec(id, new ExecRequest
        {
            Cmd = body.Cmd ?? [],
            Env = body.Env,
            User = body.User,
            WorkingDir = body.WorkingDir,
            Tty = body.Tty,
            Privileged = body.Privileged,
            AttachStdin = body.AttachStdin,
            AttachStdout = body.AttachStdout,
            AttachStderr = body.AttachStderr,
            DetachKeys = body.DetachKeys,
        });
        await HttpJson.WriteAsync(context, new ExecCreateResponse { Id = session.Id }, ApiJson.Writer.ExecCreateResponse, StatusCodes.Status201Created);
    }

    private static async Task Start(HttpContext context, string id, ContainerService containers)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        await RunAsync(containers, id, buffer.ToArray(), contentType => Hijack.AcceptAsync(context, contentType));
    }

    private static async Task RunAsync(ContainerService containers, string execId, byte[] body, Func<string, Task<Stream>> accept)
    {
        var start = body.Length == 0 ? new ExecStartRequest() : Parse(body);
        var session = containers.GetExec(execId);
        var request = session.Request;
        if (start.Detach)
        {
            await containers.StartExecAsync(execId, attach: false, CancellationToken.None);
            (await accept(HttpJson.ContentType)).Dispose();
            return;
        }
        byte[] detachKeys;
        try
        {
            detachKeys = DetachKeys.Parse(request.DetachKeys is { Length: > 0 } keys ? keys : DetachKeys.Default);
        }
        catch (FormatException e)
        {
            throw BerthException.Invalid(e.Message, e);
        }
        // As dockerd: the client is answered first, then the process started; a command that cannot run is
        // reported on the stream, and its exit code (126, 127) is what exec inspect then shows.
        var client = await accept(request.Tty ? ContainerRoutes.RawStream : ContainerRoutes.MultiplexedStream);
        AttachConnection connection;
        try
        {
            connection = await containers.StartExecAsync(execId, attach: true, CancellationToken.None)
                ?? throw new BerthException(ErrorKind.Internal, $"exec {execId} started without its attach connection");
        }
        catch (BerthException e)
        {
            await using (client)
            {
                var message = System.Text.Encoding.UTF8.GetBytes(e.Message + "\n");
                if (request.Tty) await client.WriteAsync(message);
                else await StdFrames.WriteAsync(client, StdStreamType.Stderr, message, CancellationToken.None);
            }
            return;
        }
        await using (client)
        {
            await AttachPump.RunAsync(connection, client, request.Tty, request.AttachStdin, request.AttachStdout, request.AttachStderr, detachKeys);
            // The docker CLI asks for the exit code as soon as the output ends: be sure it is known by then.
            await ((Task)session.Finished).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task Inspect(HttpContext context, string id, ContainerService containers)
    {
        var session = containers.GetExec(id);
        var request = session.Request;
        await HttpJson.WriteAsync(context, new ExecInspect
        {
            ID = session.Id,
            Running = session.Running,
            ExitCode = session.ExitCode,
            ProcessConfig = new ExecProcessConfig
            {
                Tty = request.Tty,
                Entrypoint = request.Cmd[0],
                Arguments = [.. request.Cmd.Skip(1)],
                Privileged = request.Privileged,
                User = request.User ?? "",
            },
            OpenStdin = request.AttachStdin,
            OpenStdout = request.AttachStdout,
            OpenStderr = request.AttachStderr,
            CanRemove = session.ExitCode is not null,
            ContainerID = session.ContainerId,
            DetachKeys = request.DetachKeys ?? "",
            Pid = session.Pid,
        }, ApiJson.Writer.ExecInspect);
    }

    private static async Task Resize(HttpContext context, string id, ContainerService containers)
    {
        var (height, width) = QueryValues.TerminalSize(context.Request.Query);
        await containers.ResizeExecAsync(id, height, width, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static ExecStartRequest Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.ExecStartRequest) ?? new ExecStartRequest();
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid JSON: {e.Message}", e);
        }
    }
}
