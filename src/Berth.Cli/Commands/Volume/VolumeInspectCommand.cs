using System.CommandLine;
using System.Text.Json;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Volume;

/// <summary><c>berth volume inspect</c>: the daemon's documents as a JSON array, or --format once per volume.</summary>
internal static class VolumeInspectCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var volumes = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Display detailed information on one or more volumes") { format, volumes };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var found = new List<JsonElement>();
            var failed = new List<string>();
            foreach (var volume in parse.GetValue(volumes)!)
            {
                try
                {
                    found.Add(await cli.Client.InspectVolumeAsync(volume, ct));
                }
                catch (ApiException e)
                {
                    failed.Add($"Error response from daemon: {e.Message}");
                }
            }
            return await InspectOutput.WriteAsync(cli, parse.GetValue(format), found, failed);
        });
        return command;
    }
}
