using System.Text.Json.Serialization;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>Reads Docker-format profiles. Names match case-insensitively, as Go's decoder does, so profiles written for Docker load unchanged.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeccompProfile))]
internal sealed partial class SeccompJsonContext : JsonSerializerContext;
