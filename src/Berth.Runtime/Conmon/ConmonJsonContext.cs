using System.Text.Json.Serialization;

namespace Berth.Runtime.Conmon;

/// <summary>Source-generated JSON for conmon's sync pipe.</summary>
[JsonSerializable(typeof(SyncMessage))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ConmonJsonContext : JsonSerializerContext;
