using System.Collections.Concurrent;
using System.Net;
using Berth.Oci;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.Registry.Tests.Client;

/// <summary>
/// A registry with a token service of its own on loopback, for the client's Bearer flow: <c>/v2/</c> answers 401 with a
/// Bearer challenge unless given a token it issued; <c>/token</c> issues one per scope (checking a password when
/// set). Blobs are served with Range support, and the first response of a blob can be cut short on purpose.
/// </summary>
internal sealed class FakeTokenRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public ConcurrentQueue<string> TokenRequests { get; } = new();
    public ConcurrentQueue<string?> BlobRanges { get; } = new();
    public ConcurrentQueue<string> UploadRequests { get; } = new();
    private readonly ConcurrentDictionary<string, MemoryStream> _uploads = new();
    public Dictionary<Digest, byte[]> Blobs { get; } = [];
    public (string User, string Password)? RequiredLogin { get; set; }
    public long? CutBlobAfter { get; set; }
    public long BlobBytesServed;

    private FakeTokenRegistry(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";
    public string Host => new Uri(Address).Authority;

    public static async Task<FakeTokenRegistry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var registry = new FakeTokenRegistry(app);
        app.MapGet("/token", (RequestDelegate)registry.IssueToken);
        app.MapPost("/token", (RequestDelegate)registry.RefreshToken);
        app.MapGet("/v2/", (RequestDelegate)(context =>
        {
            registry.Authorized(context);
            return Task.CompletedTask;
        }));
        app.MapGet("/v2/{**path}", (RequestDelegate)(context => registry.ServeBlob(context, (string)context.Request.RouteValues["path"]!)));
        app.MapMethods("/v2/{**path}", ["HEAD", "POST", "PATCH", "PUT", "DELETE"], (RequestDelegate)(context => registry.Upload(context, (string)context.Request.RouteValues["path"]!)));
        await app.StartAsync();
        registry.Address = app.Urls.First();
        return registry;
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.ContainsKey(header["Bearer ".Length..])) return true;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Address}/token\",service=\"fake\"";
        return false;
    }

    private async Task IssueToken(HttpContext context)
    {
        TokenRequests.Enqueue(context.Request.QueryString.Value ?? "");
        if (RequiredLogin is { } login)
        {
            var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{login.User}:{login.Password}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or password\"}]}");
                return;
            }
        }
        var token = Guid.NewGuid().ToString("N");
        _tokens[token] = context.Request.Query["scope"].ToString();
        await context.Response.WriteAsync($"{{\"token\":\"{token}\",\"expires_in\":300}}");
    }

    /// <summary>The OAuth2 side: a refresh token (the identity token of an earlier login) traded for an access token.</summary>
    private async Task RefreshToken(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        TokenRequests.Enqueue($"POST grant_type={form["grant_type"]} scope={form["scope"]}");
        if (form["refresh_token"] != "refresh-ok")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var token = Guid.NewGuid().ToString("N");
        _tokens[token] = form["scope"].ToString();
        await context.Response.WriteAsync($"{{\"access_token\":\"{token}\",\"expires_in\":300}}");
    }

    private async Task ServeBlob(HttpContext context, string path)
    {
        if (!Authorized(context)) return;
        var at = path.IndexOf("/blobs/", StringComparison.Ordinal);
        if (at < 0 || !Digest.TryParse(path[(at + "/blobs/".Length)..], out var digest) || !Blobs.TryGetValue(digest, out var blob))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}");
            return;
        }
        var range = context.Request.Headers.Range.ToString();
        BlobRanges.Enqueue(range.Length == 0 ? null : range);
        long from = 0;
        if (range.StartsWith("bytes=", StringComparison.Ordinal)) from = long.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = from > 0 ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        if (from > 0) context.Response.Headers.ContentRange = $"bytes {from}-{blob.Length - 1}/{blob.Length}";
        context.Response.ContentLength = blob.Length - from;
        var length = blob.Length - from;
        if (CutBlobAfter is { } cut && cut < length)
        {
            CutBlobAfter = null;
            // Counted before sending: the client may be done before this handler runs on.
            Interlocked.Add(ref BlobBytesServed, cut);
            await context.Response.Body.WriteAsync(blob.AsMemory((int)from, (int)cut));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        Interlocked.Add(ref BlobBytesServed, length);
        await context.Response.Body.WriteAsync(blob.AsMemory((int)from));
    }

    /// <summary>The push side, as distribution answers it: HEAD, POST (with mount), PATCH with Content-Range, PUT ?digest=.</summary>
    private async Task Upload(HttpContext context, string path)
    {
        if (!Authorized(context)) return;
        var method = context.Request.Method;
        UploadRequests.Enqueue($"{method} {context.Request.Headers.ContentRange}");
        if (method == "HEAD")
        {
            var digest = Digest.Parse(path[(path.IndexOf("/blobs/", StringComparison.Ordinal) + "/blobs/".Length)..]);
            context.Response.StatusCode = Blobs.ContainsKey(digest) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
            return;
        }
        var repository = path[..path.IndexOf("/blobs/uploads", StringComparison.Ordinal)];
        if (method == "POST")
        {
            if (Digest.TryParse(context.Request.Query["mount"], out var mount) && Blobs.ContainsKey(mount))
            {
                context.Response.StatusCode = StatusCodes.Status201Created;
                return;
            }
            var id = Guid.NewGuid().ToString("N");
            _uploads[id] = new MemoryStream();
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = $"/v2/{repository}/blobs/uploads/{id}?state=x";
            return;
        }
        var upload = _uploads[path[(path.LastIndexOf('/') + 1)..]];
        if (method == "DELETE") return;
        if (method == "PATCH" && context.Request.Headers.ContentRange.ToString() is { Length: > 0 } range
            && long.Parse(range.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture) != upload.Length)
        {
            context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            return;
        }
        await context.Request.Body.CopyToAsync(upload);
        if (method == "PATCH")
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = context.Request.Path.Value;
            return;
        }
        var expected = Digest.Parse(context.Request.Query["digest"]!);
        if (Digest.Compute(upload.ToArray()) != expected)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"}]}");
            return;
        }
        Blobs[expected] = upload.ToArray();
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
