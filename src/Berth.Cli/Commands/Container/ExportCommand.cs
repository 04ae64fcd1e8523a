using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth export [-o FILE] CONTAINER</c>: the container's filesystem as a tar, never onto a terminal.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file, instead of STDOUT" };
        var container = new Argument<string>("CONTAINER");
        var command = new Command("export", "Export a container's filesystem as a tar archive") { output, container };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var path = parse.GetValue(output);
            if (string.IsNullOrEmpty(path) && !Console.IsOutputRedirected)
                throw new CliUsageException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            await using var target = string.IsNullOrEmpty(path)
                ? Console.OpenStandardOutput()
                : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await cli.Client.ExportContainerAsync(parse.GetValue(container)!, target, ct);
            return 0;
        });
        return command;
    }
}
