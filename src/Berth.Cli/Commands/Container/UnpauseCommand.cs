using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth unpause</c>: thaw paused containers.</summary>
internal static class UnpauseCommand
{
    public static Command Create() =>
        SimpleVerbs.Create("unpause", "Unpause all processes within one or more containers", (cli, id, ct) => cli.Client.UnpauseContainerAsync(id, ct));
}
