using System.CommandLine;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// <c>berth cp</c> in either direction through /containers/{id}/archive. "-" as the host side streams the tar
/// itself (stdout when copying out, stdin when copying in). Silent on success, as docker is without a terminal.
/// </summary>
internal static class CpCommand
{
    public static Command Create()
    {
        var followLink = new Option<bool>("--follow-link", "-L") { Description = "Always follow symbol link in SRC_PATH" };
        var source = new Argument<string>("SRC_PATH");
        var destination = new Argument<string>("DEST_PATH");
        var command = new Command("cp", "Copy files/folders between a container and the local filesystem") { followLink, source, destination };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var (fromContainer, fromPath) = CopyPaths.Split(parse.GetValue(source)!);
            var (toContainer, toPath) = CopyPaths.Split(parse.GetValue(destination)!);
            if (fromContainer is not null && toContainer is not null) throw new CliUsageException("copying between containers is not supported");
            if (fromContainer is not null) await CopyOutAsync(cli, fromContainer, CopyPaths.ContainerAbsolute(fromPath), toPath, ct);
            else if (toContainer is not null) await CopyInAsync(cli, fromPath, parse.GetValue(followLink), toContainer, CopyPaths.ContainerAbsolute(toPath), ct);
            else throw new CliUsageException("must specify at least one container source");
            return 0;
        });
        return command;
    }

    private static async Task CopyOutAsync(CliContext cli, string container, string path, string destination, CancellationToken ct)
    {
        await using var tar = await cli.Client.GetArchiveAsync(container, path, ct);
        if (destination == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            await tar.CopyToAsync(stdout, ct);
            return;
        }
        var full = Path.GetFullPath(destination);
        var (directory, renameTo) = CopyPaths.Target(full, Directory.Exists(full));
        if (!Directory.Exists(directory)) throw new CliUsageException($"destination directory \"{directory}\" must exist");
        await HostArchive.ExtractAsync(tar, directory, CopyPaths.BaseName(path), renameTo, ct);
    }

    private static async Task CopyInAsync(CliContext cli, string source, bool followLink, string container, string destination, CancellationToken ct)
    {
        if (source == "-")
        {
            await using var stdin = Console.OpenStandardInput();
            await cli.Client.PutArchiveAsync(container, destination, stdin, ct);
            return;
        }
        if (!File.Exists(source) && !Directory.Exists(source) && new FileInfo(source).LinkTarget is null)
            throw new CliUsageException($"lstat {source}: no such file or directory");
        var stat = await cli.Client.StatContainerPathAsync(container, destination, ct);
        var (directory, renameTo) = CopyPaths.Target(destination, CopyPaths.IsDirectory(stat));
        if (stat is not null && !CopyPaths.IsDirectory(stat) && Directory.Exists(source))
            throw new CliUsageException($"cannot copy directory \"{source}\" over the file \"{destination}\" in the container");
        // Spooled to a temporary file, so the request has a length and a failed read never leaves half an upload.
        var temp = Path.GetTempFileName();
        await using var tar = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await HostArchive.WriteAsync(Resolve(source, followLink), renameTo ?? CopyPaths.BaseName(source), tar, ct);
        tar.Position = 0;
        await cli.Client.PutArchiveAsync(container, directory, tar, ct);
    }

    /// <summary>-L archives what a symlinked SRC points to instead of the link itself.</summary>
    private static string Resolve(string source, bool followLink)
    {
        if (!followLink) return source;
        return new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source;
    }
}
