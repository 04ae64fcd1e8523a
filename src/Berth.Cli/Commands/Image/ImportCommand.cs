using System.CommandLine;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth import FILE|- [REPOSITORY[:TAG]]</c>: streams the tarball to the daemon.</summary>
internal static class ImportCommand
{
    public static Command Create(string name)
    {
        var change = new Option<string[]>("--change", "-c") { Description = "Apply Dockerfile instruction to the created image" };
        var message = new Option<string?>("--message", "-m") { Description = "Set commit message for imported image" };
        var file = new Argument<string>("file|URL|-");
        var repository = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, "Import the contents from a tarball to create a filesystem image") { change, message, file, repository };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var source = parse.GetValue(file)!;
            await using var input = source == "-" ? Console.OpenStandardInput() : InputFile.Open(source);
            var messages = cli.Client.ImportAsync(input, parse.GetValue(repository), parse.GetValue(message), parse.GetValue(change) ?? [], ct);
            return await StreamMessages.PrintAsync(messages, cli);
        });
        return command;
    }
}
