using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>The /containers endpoints, with the query parameters the docker CLI sends.</summary>
public sealed partial class BerthClient
{
    public async Task<ContainerCreateResponse> CreateContainerAsync(ContainerCreateRequest request, string? name, CancellationToken ct)
    {
        var query = string.IsNullOrEmpty(name) ? "" : $"?name={Uri.EscapeDataString(name)}";
        using var response = await SendAsync(HttpMethod.Post, $"containers/create{query}", Json(request, ApiJsonContext.Default.ContainerCreateRequest), ct);
        return await ReadAsync(response, ApiJsonContext.Default.ContainerCreateResponse, ct);
    }

    public Task StartContainerAsync(string id, CancellationToken ct) => PostAsync($"containers/{Escape(id)}/start", ct);

    /// <param name="timeout">Seconds before SIGKILL; null leaves the container's own StopTimeout in force.</param>
    public Task StopContainerAsync(string id, int? timeout, string? signal, CancellationToken ct) =>
        PostAsync($"containers/{Escape(id)}/stop?{StopQuery(timeout, signal)}", ct);

    public Task RestartContainerAsync(string id, int? timeout, string? signal, CancellationToken ct) =>
        PostAsync($"containers/{Escape(id)}/restart?{StopQuery(timeout, signal)}", ct);

    public Task KillContainerAsync(string id, string? signal, CancellationToken ct) =>
        PostAsync($"containers/{Escape(id)}/kill?{Query("signal", signal).TrimStart('&')}", ct);

    public Task PauseContainerAsync(string id, CancellationToken ct) => PostAsync($"containers/{Escape(id)}/pause", ct);

    public Task UnpauseContainerAsync(string id, CancellationToken ct) => PostAsync($"containers/{Escape(id)}/unpause", ct);

    public Task RenameContainerAsync(string id, string newName, CancellationToken ct) =>
        PostAsync($"containers/{Escape(id)}/rename?name={Uri.EscapeDataString(newName)}", ct);

    public async Task RemoveContainerAsync(string id, bool force, bool volumes, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"containers/{Escape(id)}?force={Flag(force)}&v={Flag(volumes)}", null, ct);
    }

    /// <summary>
    /// Starts waiting for a container. The daemon answers with headers at once and sends the body only when the
    /// condition is met, so the outer task completes once the daemon has registered the wait (await it before
    /// starting the container, or a fast exit is missed) and the inner task completes with the exit status.
    /// </summary>
    /// <param name="condition"><c>not-running</c> (the default), <c>next-exit</c> or <c>removed</c>.</param>
    public async Task<Task<ContainerWaitResponse>> WaitContainerAsync(string id, string? condition, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Post, $"containers/{Escape(id)}/wait?{Query("condition", condition).TrimStart('&')}", null, ct);
        return ReadAndDisposeAsync(response, ApiJsonContext.Default.ContainerWaitResponse, ct);
    }

    /// <param name="limit">The newest N containers (all states); -1 for no limit.</param>
    public Task<List<ContainerSummary>> ListContainersAsync(bool all, int limit, bool size, string? filters, CancellationToken ct)
    {
        var query = new StringBuilder("containers/json?");
        if (all) query.Append("all=1&");
        if (limit != -1) query.Append(CultureInfo.InvariantCulture, $"limit={limit}&");
        if (size) query.Append("size=1&");
        query.Append(Query("filters", filters).TrimStart('&'));
        return GetAsync(query.ToString().TrimEnd('&', '?'), ApiJsonContext.Default.ListContainerSummary, ct);
    }

    /// <summary>The raw inspect document, so <c>--format</c> sees every field the daemon sent.</summary>
    public Task<JsonElement> InspectContainerAsync(string id, bool size, CancellationToken ct) =>
        GetAsync($"containers/{Escape(id)}/json{(size ? "?size=1" : "")}", ApiJsonContext.Default.JsonElement, ct);

    /// <summary>The log stream: multiplexed frames unless the container has a TTY, then raw bytes. Dispose it when done.</summary>
    public async Task<Stream> ContainerLogsAsync(string id, ContainerLogsQuery logs, CancellationToken ct)
    {
        var query = $"containers/{Escape(id)}/logs?stdout=1&stderr=1&follow={Flag(logs.Follow)}&timestamps={Flag(logs.Timestamps)}"
            + Query("tail", logs.Tail) + Query("since", logs.Since) + Query("until", logs.Until);
        var response = await SendAsync(HttpMethod.Get, query, null, ct);
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(ct));
    }

    public Task ResizeContainerAsync(string id, uint height, uint width, CancellationToken ct) =>
        PostAsync($"containers/{Escape(id)}/resize?h={height}&w={width}", ct);

    /// <summary>
    /// POST /containers/{id}/attach, upgraded to a raw duplex stream. Output is multiplexed frames unless the
    /// container has a TTY; stdin bytes go to the container as they are written.
    /// </summary>
    public Task<HijackedConnection> AttachContainerAsync(string id, bool stdin, bool stdout, bool stderr, string? detachKeys, CancellationToken ct) =>
        HijackedConnection.OpenAsync(
            _socketPath, Host,
            $"/v{ApiVersions.Maximum}/containers/{Escape(id)}/attach?stream=1&stdin={Flag(stdin)}&stdout={Flag(stdout)}&stderr={Flag(stderr)}{Query("detachKeys", detachKeys)}",
            null, ct);

    private async Task PostAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, ct);
    }

    private static async Task<T> ReadAndDisposeAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using (response) return await ReadAsync(response, type, ct);
    }

    private static string StopQuery(int? timeout, string? signal) =>
        ((timeout is { } t ? $"t={t.ToString(CultureInfo.InvariantCulture)}" : "") + Query("signal", signal)).TrimStart('&');

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

/// <summary>What <c>docker logs</c> asks for; Since and Until are unix seconds (with optional fraction) as the API takes them.</summary>
public sealed record ContainerLogsQuery(bool Follow, bool Timestamps, string? Tail, string? Since, string? Until);
