using System.CommandLine;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]</c>; the daemon validates the target name.</summary>
internal static class TagCommand
{
    public static Command Create(string name)
    {
        var source = new Argument<string>("SOURCE_IMAGE[:TAG]");
        var target = new Argument<string>("TARGET_IMAGE[:TAG]");
        var command = new Command(name, "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE") { source, target };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            await cli.Client.TagAsync(parse.GetValue(source)!, parse.GetValue(target)!, null, ct);
            return 0;
        });
        return command;
    }
}
