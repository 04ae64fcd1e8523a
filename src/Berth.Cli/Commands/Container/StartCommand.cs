using System.CommandLine;
using Berth.Api.Client;
using Berth.Cli.Commands.Container.Attaching;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth start</c>: plain start of each container, or with -a/-i one container attached as in run.</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var attach = new Option<bool>("--attach", "-a") { Description = "Attach STDOUT/STDERR and forward signals" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Attach container's STDIN" };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("start", "Start one or more stopped containers") { attach, interactive, detachKeys, containers };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var names = parse.GetValue(containers)!;
            if (parse.GetValue(attach) || parse.GetValue(interactive))
            {
                if (names.Length > 1) throw new CliExitException(1, "you cannot start and attach multiple containers at once");
                var container = InspectedContainer.From(await cli.Client.InspectContainerAsync(names[0], false, ct));
                var session = new AttachRequest(container.Id, container.Tty, parse.GetValue(interactive) && container.OpenStdin, true, true, parse.GetValue(detachKeys), !container.Tty);
                return await AttachSession.RunAsync(cli, session, () => cli.Client.StartContainerAsync(container.Id, ct), container.AutoRemove ? "removed" : "next-exit", ct);
            }
            var failed = new List<string>();
            foreach (var name in names)
            {
                try
                {
                    await cli.Client.StartContainerAsync(name, ct);
                    await cli.Out.WriteLineAsync(name);
                }
                catch (ApiException e)
                {
                    await cli.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
                    failed.Add(name);
                }
            }
            if (failed.Count > 0) throw new CliExitException(1, $"Error: failed to start containers: {string.Join(", ", failed)}");
            return 0;
        });
        return command;
    }
}
