using System.CommandLine;
using System.Net;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth rm</c>: with -f a missing container is reported but does not fail the command, as in docker.</summary>
internal static class RmCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force the removal of a running container (uses SIGKILL)" };
        var volumes = new Option<bool>("--volumes", "-v") { Description = "Remove anonymous volumes associated with the container" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, "Remove one or more containers") { force, volumes, containers };
        foreach (var alias in aliases) command.Aliases.Add(alias);
        CliCommand.SetHandler(command, (parse, cli, ct) =>
        {
            var forced = parse.GetValue(force);
            return EachContainer.RunAsync(cli, parse.GetValue(containers)!,
                id => cli.Client.RemoveContainerAsync(id, forced, parse.GetValue(volumes), ct),
                e => forced && e.Status == HttpStatusCode.NotFound);
        });
        return command;
    }
}
