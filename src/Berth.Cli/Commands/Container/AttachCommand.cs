using System.CommandLine;
using Berth.Cli.Commands.Container.Attaching;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth attach</c>: connect the CLI's stdio to a running container; exits with its status once it stops.</summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var noStdin = new Option<bool>("--no-stdin") { Description = "Do not attach STDIN" };
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy all received signals to the process", DefaultValueFactory = _ => true };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var container = new Argument<string>("CONTAINER");
        var command = new Command("attach", "Attach local standard input, output, and error streams to a running container") { noStdin, sigProxy, detachKeys, container };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var inspected = InspectedContainer.From(await cli.Client.InspectContainerAsync(parse.GetValue(container)!, false, ct));
            if (!inspected.Running) throw new CliExitException(1, "You cannot attach to a stopped container, start it first");
            if (inspected.Paused) throw new CliExitException(1, "You cannot attach to a paused container, unpause it first");
            if (inspected.Restarting) throw new CliExitException(1, "You cannot attach to a restarting container, wait until it is running");
            var stdin = !parse.GetValue(noStdin) && inspected.OpenStdin;
            if (stdin && inspected.Tty && !Terminal.TerminalNative.IsTerminal(0)) throw new CliExitException(1, "the input device is not a TTY");
            var session = new AttachRequest(inspected.Id, inspected.Tty, stdin, true, true, parse.GetValue(detachKeys), parse.GetValue(sigProxy));
            var status = await AttachSession.RunAsync(cli, session, null, "not-running", ct);
            return status;
        });
        return command;
    }
}
