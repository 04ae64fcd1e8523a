using System.Text.Json.Serialization;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Source-generated JSON for conmon's sync pipe, and for the process spec an exec hands the runtime. Unset fields
/// are left out, as in <c>config.json</c> (<see cref="RuntimeJsonContext"/>).
/// </summary>
[JsonSerializable(typeof(SyncMessage))]
[JsonSerializable(typeof(ProcessSpec))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ConmonJsonContext : JsonSerializerContext;
