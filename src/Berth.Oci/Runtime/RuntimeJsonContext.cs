using System.Text.Json.Serialization;

namespace Berth.Oci.Runtime;

/// <summary>
/// Source-generated JSON for <c>config.json</c>. The spec's names are the C# names in camelCase, and an
/// unset field is left out rather than written as null: runtimes treat a present-but-null object (for
/// example <c>"seccomp": null</c>) differently from an absent one in places.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(RuntimeSpec))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
