using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>Source-generated JSON for the OCI documents (no reflection, NativeAOT-safe).</summary>
// Respecting nullable annotations turns "layers": null and the like into a JsonException (a 400 for the
// client) instead of a null that would surface later as a NullReferenceException.
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
public sealed partial class OciJsonContext : JsonSerializerContext;
