using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Api;
using Berth.Api.Models;

namespace Berth.Daemon.Hosting;

/// <summary>Writes JSON bodies with the source-generated API context; streams one message per flushed chunk.</summary>
public static class HttpJson
{
    public static async Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, new ErrorResponse(message), ApiJsonContext.Default.ErrorResponse, status);

    /// <summary>Starts a streaming response (chunked) if not started, then sends one message and flushes it.</summary>
    public static async Task WriteMessageAsync(HttpContext context, JsonMessage message)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, ApiJsonContext.Default.JsonMessage);
        await context.Response.Body.WriteAsync(bytes);
        await context.Response.Body.WriteAsync("\r\n"u8.ToArray());
        await context.Response.Body.FlushAsync();
    }

    public static bool BoolQuery(HttpContext context, string name) =>
        context.Request.Query[name].ToString() is var value && value is "1" or "true" or "True";
}
