using System.Net;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// An HTTP proxy in front of a registry that can break blob downloads: it records every blob request's Range
/// header and the body bytes it forwarded, and when told to, cuts the connection (or holds it open without
/// sending more) once a blob response has sent a given number of bytes.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new HttpClientHandler { AllowAutoRedirect = false });
    private readonly string _target;
    private readonly Task _loop;
    private readonly List<string?> _blobRanges = [];
    private long _blobBytesServed;

    public FaultProxy(string targetHost)
    {
        _target = targetHost;
        Port = DockerRegistry.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>After this many bytes of a blob body, the next blob response is broken (null: never).</summary>
    public long? BreakAfter { get; set; }

    /// <summary>When breaking, hold the connection open (a stalled transfer) instead of cutting it.</summary>
    public bool Stall { get; set; }

    /// <summary>Released when the test is done with a stalled transfer.</summary>
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string?> BlobRanges { get { lock (_blobRanges) return [.. _blobRanges]; } }
    public long BlobBytesServed => Interlocked.Read(ref _blobBytesServed);

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.RawUrl ?? "/";
            var isBlob = context.Request.HttpMethod == "GET" && path.Contains("/blobs/sha256:", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), $"http://{_target}{path}");
            foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
            {
                if (name is "Host" or "Content-Length" or "Connection") continue;
                request.Headers.TryAddWithoutValidation(name, context.Request.Headers.GetValues(name) ?? []);
            }
            if (isBlob) lock (_blobRanges) _blobRanges.Add(context.Request.Headers["Range"]);
            using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key is "Content-Length" or "Transfer-Encoding" or "Connection") continue;
                context.Response.Headers[header.Key] = string.Join(",", header.Value);
            }
            if (response.Content.Headers.ContentLength is { } length) context.Response.ContentLength64 = length;
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            long sent = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                if (isBlob && BreakAfter is { } limit && sent + read > limit)
                {
                    var part = (int)(limit - sent);
                    Interlocked.Add(ref _blobBytesServed, part);
                    await context.Response.OutputStream.WriteAsync(buffer.AsMemory(0, part));
                    await context.Response.OutputStream.FlushAsync();
                    BreakAfter = null;
                    if (Stall) await Released.Task;
                    context.Response.Abort();
                    return;
                }
                // Counted before sending: the client may be done before this loop runs on.
                if (isBlob) Interlocked.Add(ref _blobBytesServed, read);
                await context.Response.OutputStream.WriteAsync(buffer.AsMemory(0, read));
                sent += read;
            }
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away (or was killed): nothing to forward.
            try { context.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Released.TrySetResult();
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
        _upstream.Dispose();
    }
}
