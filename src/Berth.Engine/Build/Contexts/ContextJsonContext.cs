using System.Text.Json.Serialization;

namespace Berth.Engine.Build.Contexts;

[JsonSerializable(typeof(ContextManifest))]
internal sealed partial class ContextJsonContext : JsonSerializerContext;
