using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Api.Models;

/// <summary><c>GET /distribution/{name}/json</c>: the registry's descriptor for a name and the platforms it offers.</summary>
public sealed record DistributionInspect
{
    [JsonPropertyName("Descriptor")] public required Descriptor Descriptor { get; init; }
    [JsonPropertyName("Platforms")] public required IReadOnlyList<Platform> Platforms { get; init; }
}
