using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>RUN --network</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunNetwork>))]
internal enum RunNetwork
{
    [JsonStringEnumMemberName("default")]
    Default,
    [JsonStringEnumMemberName("none")]
    None,
    [JsonStringEnumMemberName("host")]
    Host,
}

/// <summary><c>RUN --security</c>: insecure needs the security.insecure entitlement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunSecurity>))]
internal enum RunSecurity
{
    [JsonStringEnumMemberName("sandbox")]
    Sandbox,
    [JsonStringEnumMemberName("insecure")]
    Insecure,
}

/// <summary><c>RUN --device=name[,required]</c>.</summary>
internal sealed record RunDevice(string Name, bool Required);
