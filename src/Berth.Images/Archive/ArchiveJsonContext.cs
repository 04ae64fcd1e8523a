using System.Text.Json.Serialization;

namespace Berth.Images.Archive;

/// <summary>
/// Source-generated JSON for the archive's own documents. Field names match case-insensitively, as Go's
/// decoder does, since manifest.json comes from many tools.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(List<ArchiveManifestEntry>))]
[JsonSerializable(typeof(SortedDictionary<string, SortedDictionary<string, string>>))]
[JsonSerializable(typeof(OciLayoutMarker))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
