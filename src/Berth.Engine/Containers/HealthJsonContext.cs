using System.Text.Json.Serialization;

namespace Berth.Engine.Containers;

/// <summary>A running container's health is stored as JSON in its own table (<see cref="ContainerStore.SaveHealth"/>).</summary>
[JsonSerializable(typeof(HealthSnapshot))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
