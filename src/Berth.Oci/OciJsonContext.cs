using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>Source-generated JSON for the OCI documents (no reflection, NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
public sealed partial class OciJsonContext : JsonSerializerContext;
