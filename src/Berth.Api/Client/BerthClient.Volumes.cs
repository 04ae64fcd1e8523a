using System.Text.Json;
using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>The /volumes endpoints.</summary>
public sealed partial class BerthClient
{
    public async Task<VolumeInfo> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "volumes/create", Json(request, ApiJsonContext.Default.VolumeCreateRequest), ct);
        return await ReadAsync(response, ApiJsonContext.Default.VolumeInfo, ct);
    }

    public Task<VolumeListResponse> ListVolumesAsync(string? filters, CancellationToken ct) =>
        GetAsync($"volumes?{Query("filters", filters).TrimStart('&')}", ApiJsonContext.Default.VolumeListResponse, ct);

    /// <summary>The raw inspect document, so <c>--format</c> sees every field the daemon sent.</summary>
    public Task<JsonElement> InspectVolumeAsync(string name, CancellationToken ct) =>
        GetAsync($"volumes/{Uri.EscapeDataString(name)}", ApiJsonContext.Default.JsonElement, ct);

    public async Task RemoveVolumeAsync(string name, bool force, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"volumes/{Uri.EscapeDataString(name)}?force={Flag(force)}", null, ct);
    }

    public async Task<VolumePruneReport> PruneVolumesAsync(string? filters, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"volumes/prune?{Query("filters", filters).TrimStart('&')}", null, ct);
        return await ReadAsync(response, ApiJsonContext.Default.VolumePruneReport, ct);
    }
}
