using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary>Response helpers shared by the route handlers.</summary>
internal static class HttpResults
{
    public const string DigestHeader = "Docker-Content-Digest";
    public const string UploadUuidHeader = "Docker-Upload-UUID";

    public static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type, string contentType = "application/json")
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, RegistryException error) =>
        WriteJsonAsync(context, error.Status, new ErrorBody([new ErrorEntry(error.Code.Code, error.Code.Message, error.Detail)]), RegistryJsonContext.Writer.ErrorBody);

    /// <summary>An empty response (201, 202, 204) with the headers already set.</summary>
    public static void Empty(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status != StatusCodes.Status204NoContent) context.Response.ContentLength = 0;
    }

    public static Digest ParseDigest(string? value) =>
        Digest.TryParse(value, out var digest) ? digest : throw new RegistryException(RegistryErrorCode.DigestInvalid, $"invalid digest \"{value}\"");

    public static string BlobLocation(string name, Digest digest) => $"/v2/{name}/blobs/{digest}";
}
