using System.CommandLine;

namespace Berth.Cli.Commands.Image;

/// <summary>
/// <c>berth save -o FILE IMAGE…</c>: the archive goes to a temp file beside FILE and is renamed into place
/// only when complete, so a failed save never leaves a truncated archive under the requested name.
/// </summary>
internal static class SaveCommand
{
    public static Command Create(string name)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file, instead of STDOUT" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, "Save one or more images to a tar archive (streamed to STDOUT by default)") { output, images };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var names = parse.GetValue(images)!;
            var path = parse.GetValue(output);
            if (string.IsNullOrEmpty(path))
            {
                if (!Console.IsOutputRedirected)
                    throw new CliUsageException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
                await using var stdout = Console.OpenStandardOutput();
                await cli.Client.SaveAsync(names, stdout, ct);
                return 0;
            }
            var full = Path.GetFullPath(path);
            var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    await cli.Client.SaveAsync(names, file, ct);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temp, full, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
            return 0;
        });
        return command;
    }
}
