using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Json;

/// <summary>
/// Source-generated JSON for the parse result (AOT-safe): a stable rendering for golden tests and for showing a
/// parse to a user. Instructions carry their keyword as <c>"instruction"</c>; unset optional fields are omitted.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ParsedDockerfile))]
internal sealed partial class DockerfileJsonContext : JsonSerializerContext;
