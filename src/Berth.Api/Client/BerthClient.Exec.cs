using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>The exec endpoints: create a process in a running container, start it (detached or hijacked), inspect it.</summary>
public sealed partial class BerthClient
{
    public async Task<ExecCreateResponse> CreateExecAsync(string container, ExecCreateRequest request, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{Escape(container)}/exec", Json(request, ApiJsonContext.Default.ExecCreateRequest), ct);
        return await ReadAsync(response, ApiJsonContext.Default.ExecCreateResponse, ct);
    }

    /// <summary>Starts an exec without attaching (<c>docker exec -d</c>).</summary>
    public async Task StartExecDetachedAsync(string execId, bool tty, CancellationToken ct)
    {
        var body = Json(new ExecStartRequest { Detach = true, Tty = tty }, ApiJsonContext.Default.ExecStartRequest);
        using var response = await SendAsync(HttpMethod.Post, $"exec/{Escape(execId)}/start", body, ct);
    }

    /// <summary>Starts an exec and hijacks the connection for its stdio, as attach does for a container.</summary>
    public Task<HijackedConnection> StartExecAttachedAsync(string execId, bool tty, CancellationToken ct) =>
        HijackedConnection.OpenAsync(
            _socketPath, Host, $"/v{ApiVersions.Maximum}/exec/{Escape(execId)}/start",
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ExecStartRequest { Detach = false, Tty = tty }, ApiJsonContext.Default.ExecStartRequest),
            ct);

    public Task<ExecInspect> InspectExecAsync(string execId, CancellationToken ct) =>
        GetAsync($"exec/{Escape(execId)}/json", ApiJsonContext.Default.ExecInspect, ct);

    public Task ResizeExecAsync(string execId, uint height, uint width, CancellationToken ct) =>
        PostAsync($"exec/{Escape(execId)}/resize?h={height}&w={width}", ct);
}
