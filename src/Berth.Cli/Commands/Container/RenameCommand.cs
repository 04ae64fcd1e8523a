using System.CommandLine;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth rename</c>, with docker's two-line failure message.</summary>
internal static class RenameCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var newName = new Argument<string>("NEW_NAME");
        var command = new Command("rename", "Rename a container") { container, newName };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var oldName = parse.GetValue(container)!.Trim();
            var name = parse.GetValue(newName)!.Trim();
            if (oldName.Length == 0 || name.Length == 0) throw new CliExitException(1, "Error: Neither old nor new names may be empty");
            try
            {
                await cli.Client.RenameContainerAsync(oldName, name, ct);
            }
            catch (ApiException e)
            {
                await cli.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
                throw new CliExitException(1, $"Error: failed to rename container named {oldName}");
            }
            return 0;
        });
        return command;
    }
}
