using System.CommandLine;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Volume;

/// <summary><c>berth volume rm</c>: prints each volume removed; the errors follow, and any error exits 1.</summary>
internal static class VolumeRemoveCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force the removal of one or more volumes" };
        var volumes = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("rm", "Remove one or more volumes. You cannot remove a volume that is in use by a container.") { force, volumes };
        command.Aliases.Add("remove");
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var errors = new List<string>();
            foreach (var volume in parse.GetValue(volumes)!)
            {
                try
                {
                    await cli.Client.RemoveVolumeAsync(volume, parse.GetValue(force), ct);
                    await cli.Out.WriteLineAsync(volume);
                }
                catch (ApiException e)
                {
                    errors.Add($"Error response from daemon: {e.Message}");
                }
            }
            foreach (var error in errors) await cli.Error.WriteLineAsync(error);
            return errors.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
