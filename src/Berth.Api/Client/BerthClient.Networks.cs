using System.Text.Json;
using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>The /networks endpoints.</summary>
public sealed partial class BerthClient
{
    public Task<List<NetworkResource>> ListNetworksAsync(string? filters, CancellationToken ct) =>
        GetAsync($"networks?{Query("filters", filters).TrimStart('&')}", ApiJsonContext.Default.ListNetworkResource, ct);

    public Task<JsonElement> InspectNetworkAsync(string idOrName, CancellationToken ct) =>
        GetAsync($"networks/{Escape(idOrName)}", ApiJsonContext.Default.JsonElement, ct);

    public async Task<NetworkCreateResponse> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "networks/create", Json(request, ApiJsonContext.Default.NetworkCreateRequest), ct);
        return await ReadAsync(response, ApiJsonContext.Default.NetworkCreateResponse, ct);
    }

    public async Task RemoveNetworkAsync(string idOrName, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"networks/{Escape(idOrName)}", null, ct);
    }

    public async Task<NetworkPruneReport> PruneNetworksAsync(string? filters, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"networks/prune?{Query("filters", filters).TrimStart('&')}", null, ct);
        return await ReadAsync(response, ApiJsonContext.Default.NetworkPruneReport, ct);
    }

    public async Task ConnectNetworkAsync(string network, NetworkConnectRequest request, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"networks/{Escape(network)}/connect", Json(request, ApiJsonContext.Default.NetworkConnectRequest), ct);
    }

    public async Task DisconnectNetworkAsync(string network, NetworkConnectRequest request, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"networks/{Escape(network)}/disconnect", Json(request, ApiJsonContext.Default.NetworkConnectRequest), ct);
    }
}
