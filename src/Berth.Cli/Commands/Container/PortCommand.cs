using System.CommandLine;
using System.Text.Json;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth port CONTAINER [PRIVATE_PORT[/PROTO]]</c>: the published ports from inspect, "80/tcp -> 0.0.0.0:8080".</summary>
internal static class PortCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var privatePort = new Argument<string?>("PRIVATE_PORT[/PROTO]") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("port", "List port mappings or a specific mapping for the container") { container, privatePort };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var name = parse.GetValue(container)!;
            var inspect = await cli.Client.InspectContainerAsync(name, false, ct);
            var wanted = parse.GetValue(privatePort) is { Length: > 0 } p ? (p.Contains('/') ? p : p + "/tcp") : null;
            var lines = Lines(inspect, wanted).ToList();
            if (wanted is not null && lines.Count == 0)
                throw new CliUsageException($"Error: No public port '{wanted}' published for {name}");
            foreach (var line in lines) await cli.Out.WriteLineAsync(line);
            return 0;
        });
        return command;
    }

    /// <summary>With a port asked for, only its host addresses are printed, as docker does.</summary>
    internal static IEnumerable<string> Lines(JsonElement inspect, string? wanted)
    {
        if (!inspect.TryGetProperty("NetworkSettings", out var settings) || !settings.TryGetProperty("Ports", out var ports) || ports.ValueKind != JsonValueKind.Object)
            yield break;
        foreach (var port in ports.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (wanted is not null && port.Name != wanted) continue;
            if (port.Value.ValueKind != JsonValueKind.Array) continue;
            foreach (var binding in port.Value.EnumerateArray())
            {
                var ip = binding.TryGetProperty("HostIp", out var i) ? i.GetString() ?? "" : "";
                var hostPort = binding.TryGetProperty("HostPort", out var h) ? h.GetString() ?? "" : "";
                var address = (ip.Contains(':') ? $"[{ip}]" : ip) + ":" + hostPort;
                yield return wanted is null ? $"{port.Name} -> {address}" : address;
            }
        }
    }
}
