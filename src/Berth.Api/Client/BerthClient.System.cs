using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>GET /system/df.</summary>
public sealed partial class BerthClient
{
    public Task<DiskUsage> DiskUsageAsync(IReadOnlyList<string> types, CancellationToken ct) =>
        GetAsync("system/df" + (types.Count == 0 ? "" : "?" + string.Join('&', types.Select(t => "type=" + Uri.EscapeDataString(t)))),
            ApiJsonContext.Default.DiskUsage, ct);
}
