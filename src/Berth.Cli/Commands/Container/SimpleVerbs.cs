using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary>Builds a verb that takes one or more containers and no other flag (pause, unpause).</summary>
internal static class SimpleVerbs
{
    public static Command Create(string name, string description, Func<CliContext, string, CancellationToken, Task> action)
    {
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { containers };
        CliCommand.SetHandler(command, (parse, cli, ct) => EachContainer.RunAsync(cli, parse.GetValue(containers)!, c => action(cli, c, ct)));
        return command;
    }
}
