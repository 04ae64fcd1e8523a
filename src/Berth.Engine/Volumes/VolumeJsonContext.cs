using System.Text.Json.Serialization;

namespace Berth.Engine.Volumes;

/// <summary>Options and labels are stored as JSON objects in their columns.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext;
