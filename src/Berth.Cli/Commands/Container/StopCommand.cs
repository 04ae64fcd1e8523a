using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth stop</c> and <c>berth restart</c>: the same flags; -t is only sent when given, so each container's own StopTimeout applies otherwise.</summary>
internal static class StopCommand
{
    public static Command Create(bool restart)
    {
        var signal = new Option<string?>("--signal", "-s") { Description = "Signal to send to the container" };
        var timeout = new Option<int?>("--timeout", "-t") { Description = "Seconds to wait before killing the container" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = restart
            ? new Command("restart", "Restart one or more containers") { signal, timeout, containers }
            : new Command("stop", "Stop one or more running containers") { signal, timeout, containers };
        CliCommand.SetHandler(command, (parse, cli, ct) => EachContainer.RunAsync(cli, parse.GetValue(containers)!, id => restart
            ? cli.Client.RestartContainerAsync(id, parse.GetValue(timeout), parse.GetValue(signal), ct)
            : cli.Client.StopContainerAsync(id, parse.GetValue(timeout), parse.GetValue(signal), ct)));
        return command;
    }
}
