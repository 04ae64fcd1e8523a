using Berth.Api;
using Berth.Api.Models;
using Berth.Oci;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Turns exceptions into Docker's error bodies: a <see cref="BerthException"/> gets its kind's status and
/// its message; anything else is a 500 that is logged. Once a JSON message stream has begun, the error is
/// sent as its last message, as Docker does; any other body already under way (a tar from save) is cut off,
/// so the client sees a broken transfer rather than a tar with an error glued to its end.
/// </summary>
public sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            var (status, message) = e switch
            {
                BerthException berth => ((int)ErrorStatus.ToStatus(berth.Kind), berth.Message),
                BadHttpRequestException bad => (StatusCodes.Status400BadRequest, bad.Message),
                _ => (StatusCodes.Status500InternalServerError, e.Message),
            };
            if (status == StatusCodes.Status500InternalServerError) LogFailure(e, context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                if (context.Response.ContentType == HttpJson.ContentType) await HttpJson.WriteMessageAsync(context, JsonMessage.Failure(message));
                else context.Abort();
                return;
            }
            await HttpJson.WriteErrorAsync(context, status, message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailure(Exception exception, string method, string path);
}
