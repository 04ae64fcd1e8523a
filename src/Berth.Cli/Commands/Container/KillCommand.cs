using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth kill</c>: SIGKILL unless -s names another signal (the daemon's default when none is sent).</summary>
internal static class KillCommand
{
    public static Command Create()
    {
        var signal = new Option<string?>("--signal", "-s") { Description = "Signal to send to the container" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("kill", "Kill one or more running containers") { signal, containers };
        CliCommand.SetHandler(command, (parse, cli, ct) =>
            EachContainer.RunAsync(cli, parse.GetValue(containers)!, id => cli.Client.KillContainerAsync(id, parse.GetValue(signal), ct)));
        return command;
    }
}
