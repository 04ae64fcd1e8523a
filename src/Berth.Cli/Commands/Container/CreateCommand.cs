using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth create</c>: the run flags, no start; prints the new container's full ID.</summary>
internal static class CreateCommand
{
    public static Command Create()
    {
        var flags = new ContainerFlags();
        var image = new Argument<string>("IMAGE");
        var args = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("create", "Create a new container") { image, args };
        flags.AddTo(command);
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var values = flags.Read(parse, parse.GetValue(image)!, parse.GetValue(args) ?? []);
            var request = await ContainerCreation.BuildAsync("create", values, ct);
            await cli.Out.WriteLineAsync(await ContainerCreation.CreateAsync(cli, request, values.Name, ct));
            return 0;
        });
        return command;
    }
}
