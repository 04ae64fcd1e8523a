using System.Text.Json.Serialization;

namespace Berth.Runtime.OciRuntimes;

/// <summary>A container's status as the runtime reports it, with the runtime spec's names on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OciStatus>))]
public enum OciStatus
{
    /// <summary>create is still under way.</summary>
    [JsonStringEnumMemberName("creating")] Creating,

    /// <summary>Set up, its process waiting to exec the user's program until start.</summary>
    [JsonStringEnumMemberName("created")] Created,

    [JsonStringEnumMemberName("running")] Running,

    /// <summary>runc only: the freezer is still freezing.</summary>
    [JsonStringEnumMemberName("pausing")] Pausing,

    [JsonStringEnumMemberName("paused")] Paused,

    /// <summary>The process has exited; the runtime keeps the state until delete.</summary>
    [JsonStringEnumMemberName("stopped")] Stopped,
}
