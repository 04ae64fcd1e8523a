using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth pause</c>: freeze every process of the containers (cgroup freezer).</summary>
internal static class PauseCommand
{
    public static Command Create() =>
        SimpleVerbs.Create("pause", "Pause all processes within one or more containers", (cli, id, ct) => cli.Client.PauseContainerAsync(id, ct));
}
