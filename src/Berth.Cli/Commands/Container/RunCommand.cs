using Berth.Api.Streams;
using System.CommandLine;
using Berth.Api.Client;
using Berth.Cli.Commands.Container.Attaching;
using Berth.Cli.Terminal;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// <c>berth run</c> as docker's runContainer: create, then (unless -d) attach and register the wait before start
/// so neither output nor a fast exit is missed, start, copy streams, and exit with the container's status.
/// Daemon errors exit 125 (127/126 when the command cannot be found or run), worded as docker's.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var flags = new ContainerFlags();
        var detach = new Option<bool>("--detach", "-d") { Description = "Run container in background and print container ID" };
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy received signals to the process", DefaultValueFactory = _ => true };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var image = new Argument<string>("IMAGE");
        var args = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("run", "Create and run a new container from an image") { detach, sigProxy, detachKeys, image, args };
        flags.AddTo(command);
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var values = flags.Read(parse, parse.GetValue(image)!, parse.GetValue(args) ?? []);
            var request = await ContainerCreation.BuildAsync("run", values, ct);
            var detached = parse.GetValue(detach);
            if (detached)
            {
                if (values.Attach.Count > 0) throw new CliExitException(1, "conflicting options: cannot specify both --attach and --detach");
                request = request with { AttachStdin = false, AttachStdout = false, AttachStderr = false, StdinOnce = false };
            }
            else if (request.AttachStdin && request.Tty && !TerminalNative.IsTerminal(0))
            {
                throw new CliExitException(1, "the input device is not a TTY");
            }
            if (parse.GetValue(detachKeys) is { Length: > 0 } keys) DetachKeys.Parse(keys);

            string id;
            try
            {
                id = await ContainerCreation.CreateAsync(cli, request, values.Name, ct);
            }
            catch (ApiException e)
            {
                throw ContainerCreation.RunError(e);
            }

            async Task StartAsync()
            {
                try
                {
                    await cli.Client.StartContainerAsync(id, ct);
                }
                catch (ApiException e)
                {
                    throw ContainerCreation.RunError(e);
                }
            }

            if (!request.AttachStdin && !request.AttachStdout && !request.AttachStderr)
            {
                await StartAsync();
                await cli.Out.WriteLineAsync(id);
                return 0;
            }
            var session = new AttachRequest(id, request.Tty, request.AttachStdin, request.AttachStdout, request.AttachStderr, parse.GetValue(detachKeys), parse.GetValue(sigProxy));
            return await AttachSession.RunAsync(cli, session, StartAsync, values.AutoRemove ? "removed" : "next-exit", ct);
        });
        return command;
    }
}
