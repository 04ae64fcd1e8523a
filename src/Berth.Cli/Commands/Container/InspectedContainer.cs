using System.Text.Json;

namespace Berth.Cli.Commands.Container;

/// <summary>The few inspect fields start -a, attach and exec decide on, read from the raw document.</summary>
internal sealed record InspectedContainer(string Id, bool Tty, bool OpenStdin, bool AutoRemove, bool Running, bool Paused, bool Restarting, int ExitCode)
{
    public static InspectedContainer From(JsonElement inspect)
    {
        static JsonElement Get(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;
        static bool Flag(JsonElement e) => e.ValueKind == JsonValueKind.True;
        var config = Get(inspect, "Config");
        var state = Get(inspect, "State");
        var exit = Get(state, "ExitCode");
        return new InspectedContainer(
            Get(inspect, "Id").GetString() ?? "",
            Flag(Get(config, "Tty")), Flag(Get(config, "OpenStdin")), Flag(Get(Get(inspect, "HostConfig"), "AutoRemove")),
            Flag(Get(state, "Running")), Flag(Get(state, "Paused")), Flag(Get(state, "Restarting")),
            exit.ValueKind == JsonValueKind.Number ? exit.GetInt32() : 0);
    }
}
