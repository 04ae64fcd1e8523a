using System.CommandLine;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth diff CONTAINER</c>: one "C|A|D path" line per change to the container's filesystem.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var command = new Command("diff", "Inspect changes to files or directories on a container's filesystem") { container };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            foreach (var change in await cli.Client.ContainerChangesAsync(parse.GetValue(container)!, ct))
                await cli.Out.WriteLineAsync($"{Letter(change.Kind)} {change.Path}");
            return 0;
        });
        return command;
    }

    private static char Letter(ContainerChangeKind kind) => kind switch
    {
        ContainerChangeKind.Added => 'A',
        ContainerChangeKind.Deleted => 'D',
        _ => 'C',
    };
}
