using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>
/// A typed Engine API client over the daemon's unix socket. Every CLI command goes through it, exactly as
/// the docker CLI goes through its client package; it pins the newest API version berthd speaks.
/// </summary>
public sealed partial class BerthClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _socketPath;

    public BerthClient(string host)
    {
        Host = host;
        var socketPath = _socketPath = DaemonHost.SocketPath(host);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    throw new DaemonUnreachableException(host, e);
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://localhost/v{ApiVersions.Maximum}/"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public string Host { get; }

    /// <summary>The User-Agent every request carries, the hijacked ones included.</summary>
    internal static string UserAgent { get; } = $"berth-cli/{typeof(BerthClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    public Task<SystemVersion> VersionAsync(CancellationToken ct) => GetAsync("version", ApiJsonContext.Default.SystemVersion, ct);

    public Task<SystemInfo> InfoAsync(CancellationToken ct) => GetAsync("info", ApiJsonContext.Default.SystemInfo, ct);

    public Task<List<ImageSummary>> ListImagesAsync(bool all, bool digests, string? filters, CancellationToken ct) =>
        GetAsync($"images/json?all={Flag(all)}&digests={Flag(digests)}{Query("filters", filters)}", ApiJsonContext.Default.ListImageSummary, ct);

    /// <summary>The raw inspect document, so <c>--format</c> sees every field the daemon sent.</summary>
    public Task<JsonElement> InspectImageAsync(string name, CancellationToken ct) =>
        GetAsync($"images/{Escape(name)}/json", ApiJsonContext.Default.JsonElement, ct);

    public Task<List<ImageHistoryItem>> HistoryAsync(string name, CancellationToken ct) =>
        GetAsync($"images/{Escape(name)}/history", ApiJsonContext.Default.ListImageHistoryItem, ct);

    public async Task TagAsync(string source, string repository, string? tag, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"images/{Escape(source)}/tag?repo={Uri.EscapeDataString(repository)}{Query("tag", tag)}", null, ct);
    }

    public async Task<List<ImageDeleteItem>> RemoveImageAsync(string name, bool force, bool noPrune, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"images/{Escape(name)}?force={Flag(force)}&noprune={Flag(noPrune)}", null, ct);
        return await ReadAsync(response, ApiJsonContext.Default.ListImageDeleteItem, ct);
    }

    public async Task<ImagePruneReport> PruneImagesAsync(string? filters, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"images/prune?{Query("filters", filters).TrimStart('&')}", null, ct);
        return await ReadAsync(response, ApiJsonContext.Default.ImagePruneReport, ct);
    }

    public IAsyncEnumerable<JsonMessage> ImportAsync(Stream tar, string? repository, string? message, IReadOnlyList<string> changes, CancellationToken ct)
    {
        var query = $"images/create?fromSrc=-{Query("repo", repository)}{Query("message", message)}";
        foreach (var change in changes) query += Query("changes", change);
        return StreamMessagesAsync(HttpMethod.Post, query, TarContent(tar), ct);
    }

    public IAsyncEnumerable<JsonMessage> LoadAsync(Stream tar, bool quiet, CancellationToken ct) =>
        StreamMessagesAsync(HttpMethod.Post, $"images/load?quiet={Flag(quiet)}", TarContent(tar), ct);

    public async Task SaveAsync(IReadOnlyList<string> names, Stream output, CancellationToken ct)
    {
        var query = string.Concat(names.Select(n => Query("names", n))).TrimStart('&');
        using var response = await SendAsync(HttpMethod.Get, $"images/get?{query}", null, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(output, ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        return await ReadAsync(response, type, ct);
    }

    private async IAsyncEnumerable<JsonMessage> StreamMessagesAsync(HttpMethod method, string path, HttpContent body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        // Messages are concatenated JSON values (Docker sends one per chunk, not always newline-separated).
        await foreach (var message in JsonSerializer.DeserializeAsyncEnumerable(stream, ApiJsonContext.Default.JsonMessage, topLevelValues: true, ct))
        {
            if (message is not null) yield return message;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken ct, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        configure?.Invoke(request);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is DaemonUnreachableException unreachable)
        {
            throw unreachable;
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw new ApiException(response.StatusCode, await ReadErrorAsync(response, ct));
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonSerializer.Deserialize(text, ApiJsonContext.Default.ErrorResponse)?.Message ?? text;
        }
        catch (JsonException)
        {
            return text.Trim();
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync(stream, type, ct) ?? throw new ApiException(response.StatusCode, "empty response from daemon");
    }

    private static StreamContent TarContent(Stream tar)
    {
        var content = new StreamContent(tar, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Escape(string name) => Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal);

    private static string Query(string key, string? value) =>
        string.IsNullOrEmpty(value) ? "" : $"&{key}={Uri.EscapeDataString(value)}";
}
