using System.Text.Json.Serialization;
using Berth.Network;

namespace Berth.Engine.Networks;

/// <summary>The network store's JSON columns.</summary>
[JsonSerializable(typeof(NetworkDefinition))]
[JsonSerializable(typeof(EndpointConfig))]
[JsonSerializable(typeof(EndpointState))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
