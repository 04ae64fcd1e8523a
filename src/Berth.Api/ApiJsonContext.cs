using System.Text.Json.Serialization;
using Berth.Api.Models;

namespace Berth.Api;

/// <summary>Source-generated JSON for every Engine API wire model, shared by berthd and the CLI.</summary>
/// <remarks>
/// Members with a default value (<c>= ""</c>, <c>= new()</c>) are settable, not init-only, on purpose: the source
/// generator sets init-only members through the object initializer, so a member absent from the JSON would
/// become null instead of keeping its default — and clients (curl, compose, Testcontainers) send partial bodies.
/// </remarks>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(List<ImageHistoryItem>))]
[JsonSerializable(typeof(List<ImageDeleteItem>))]
[JsonSerializable(typeof(ImagePruneReport))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerTopResponse))]
[JsonSerializable(typeof(List<ContainerChange>))]
[JsonSerializable(typeof(ContainerPruneReport))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(CommitResponse))]
[JsonSerializable(typeof(ContainerPathStat))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecCreateResponse))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ExecInspect))]
[JsonSerializable(typeof(VolumeInfo))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(VolumeCreateRequest))]
[JsonSerializable(typeof(VolumePruneReport))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(BuildPruneReport))]
[JsonSerializable(typeof(BuildContextManifest))]
[JsonSerializable(typeof(BuildContextUpload))]
[JsonSerializable(typeof(List<NetworkResource>))]
[JsonSerializable(typeof(NetworkResource))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(NetworkPruneReport))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(Auth.AuthConfig))]
[JsonSerializable(typeof(Auth.AuthResponse))]
[JsonSerializable(typeof(DistributionInspect))]
[JsonSerializable(typeof(DiskUsage))]
public sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>
/// The context berthd writes with: the default encoder escapes <c>+</c>, quotes and apostrophes
/// (<c>v1\u002Bjson</c>), which dockerd does not, and which would show in <c>docker inspect</c> output.
/// </summary>
public static class ApiJson
{
    public static ApiJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
