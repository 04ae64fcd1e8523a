using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Api;
using Berth.Api.Models;

namespace Berth.Daemon.Hosting;

/// <summary>Writes JSON bodies with the API's source-generated context; streams one message per flushed chunk.</summary>
public static class HttpJson
{
    public const string ContentType = "application/json";

    private static readonly byte[] Newline = "\n"u8.ToArray();
    private static readonly byte[] StreamSeparator = "\r\n"u8.ToArray();

    public static async Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
        await context.Response.Body.WriteAsync(Newline, context.RequestAborted);
    }

    /// <summary>The request body as <typeparamref name="T"/> (null for an empty body); bad JSON is a 400 with the parser's words.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw Oci.BerthException.Invalid($"invalid JSON: {e.Message}", e);
        }
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, new ErrorResponse(message), ApiJson.Writer.ErrorResponse, status);

    /// <summary>Starts a streaming response (chunked) if not started, then sends one message and flushes it.</summary>
    public static async Task WriteMessageAsync(HttpContext context, JsonMessage message)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, ApiJson.Writer.JsonMessage);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.WriteAsync(StreamSeparator, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static bool BoolQuery(HttpContext context, string name) => QueryValues.IsTrue(context.Request.Query[name]);
}
