using System.CommandLine;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth load [-i FILE]</c>: streams an archive from a file or STDIN to the daemon.</summary>
internal static class LoadCommand
{
    public static Command Create(string name)
    {
        var input = new Option<string?>("--input", "-i") { Description = "Read from tar archive file, instead of STDIN" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress the load output" };
        var command = new Command(name, "Load an image from a tar archive or STDIN") { input, quiet };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var path = parse.GetValue(input);
            if (string.IsNullOrEmpty(path) && !Console.IsInputRedirected)
                throw new CliUsageException("requested load from stdin, but stdin is empty");
            await using var archive = string.IsNullOrEmpty(path) ? Console.OpenStandardInput() : InputFile.Open(path);
            return await StreamMessages.PrintAsync(cli.Client.LoadAsync(archive, parse.GetValue(quiet), ct), cli);
        });
        return command;
    }
}
