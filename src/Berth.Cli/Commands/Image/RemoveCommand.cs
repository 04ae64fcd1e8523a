using System.CommandLine;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth rmi</c> / <c>berth image rm</c>: each image in turn; failures are reported and the rest still run.</summary>
internal static class RemoveCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the image" };
        var noPrune = new Option<bool>("--no-prune") { Description = "Do not delete untagged parents" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, "Remove one or more images") { force, noPrune, images };
        foreach (var alias in aliases) command.Aliases.Add(alias);
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var exit = 0;
            foreach (var image in parse.GetValue(images)!)
            {
                try
                {
                    foreach (var item in await cli.Client.RemoveImageAsync(image, parse.GetValue(force), parse.GetValue(noPrune), ct))
                    {
                        await cli.Out.WriteLineAsync(item.Untagged is not null ? $"Untagged: {item.Untagged}" : $"Deleted: {item.Deleted}");
                    }
                }
                catch (ApiException e)
                {
                    await cli.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
                    exit = 1;
                }
            }
            return exit;
        });
        return command;
    }
}
