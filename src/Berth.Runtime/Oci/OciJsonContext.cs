using System.Text.Json.Serialization;

namespace Berth.Runtime.OciRuntimes;

/// <summary>Source-generated JSON for what runtimes print: state, and their JSON log lines on stderr.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OciState))]
[JsonSerializable(typeof(RuntimeLogLine))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
