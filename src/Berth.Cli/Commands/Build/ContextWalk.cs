using System.Formats.Tar;
using Berth.Dockerfile.Ignore;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// The entries of a context directory that the docker CLI sends, in a fixed (sorted) order: everything but what
/// .dockerignore excludes, except the Dockerfile and .dockerignore, which always go (the daemon needs them, and
/// COPY never sees them then); no sockets, FIFOs or devices, which have no place in a context.
/// </summary>
internal static class ContextWalk
{
    public const string IgnoreFileName = ".dockerignore";

    /// <param name="Name">Slash-separated, relative to the context root, without a trailing slash.</param>
    /// <param name="Stat">The entry's own metadata, a symlink's included.</param>
    public sealed record Item(string Name, FileSystemInfo Info, TarEntryType Type, FileStat Stat);

    public static async Task<IEnumerable<Item>> EnumerateAsync(string directory, string dockerfile, CancellationToken cancellationToken)
    {
        var ignore = await ReadIgnoreFileAsync(directory, cancellationToken);
        return Walk(new DirectoryInfo(directory), "", ignore, [dockerfile, IgnoreFileName]);
    }

    private static async Task<IgnoreFile> ReadIgnoreFileAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Join(directory, IgnoreFileName);
        if (!File.Exists(path)) return IgnoreFile.Empty;
        try
        {
            return IgnoreFile.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (FormatException e)
        {
            throw new FormatException($"failed to parse {IgnoreFileName}: {e.Message}", e);
        }
    }

    private static IEnumerable<Item> Walk(DirectoryInfo directory, string prefix, IgnoreFile ignore, string[] alwaysSent)
    {
        foreach (var info in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var name = prefix + info.Name;
            var excluded = ignore.Excludes(name) && !alwaysSent.Contains(name);
            var isDirectory = info is DirectoryInfo && info.LinkTarget is null;
            // An ignored directory is still walked when an exception may bring back something inside it.
            if (excluded && !(isDirectory && ignore.HasExceptions)) continue;
            if (!excluded)
            {
                var stat = FileStat.Of(info.FullName);
                TarEntryType? type = info switch
                {
                    { LinkTarget: not null } => TarEntryType.SymbolicLink,
                    DirectoryInfo => TarEntryType.Directory,
                    // Reading a FIFO would block.
                    _ => stat.IsRegularFile ? TarEntryType.RegularFile : null,
                };
                if (type is { } known) yield return new Item(name, info, known, stat);
            }
            if (isDirectory)
            {
                foreach (var item in Walk((DirectoryInfo)info, name + "/", ignore, alwaysSent)) yield return item;
            }
        }
    }
}
