using System.Formats.Tar;
using Berth.Dockerfile.Ignore;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// The build context as the docker CLI sends it: the directory's files as a tar, minus what .dockerignore
/// excludes, owned by root (ownership on the client's machine means nothing in an image), with modes, mtimes and
/// symlinks kept. The Dockerfile and .dockerignore always go, even when ignored: the daemon needs them, and
/// COPY never sees them then. A Dockerfile from elsewhere (outside the directory, or stdin) joins the context under
/// a name of its own.
/// </summary>
internal static class ContextArchive
{
    public const string IgnoreFileName = ".dockerignore";

    /// <summary>Writes the context of <paramref name="directory"/> (none: an empty context) to <paramref name="output"/>.</summary>
    /// <param name="dockerfile">The Dockerfile's path inside the context, slash-separated; always sent.</param>
    /// <param name="extraDockerfile">A Dockerfile from outside the context: (its name in the tar, its content).</param>
    public static async Task WriteAsync(string? directory, string dockerfile, (string Name, byte[] Content)? extraDockerfile, Stream output, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        if (directory is not null)
        {
            var ignore = await ReadIgnoreFileAsync(directory, cancellationToken);
            await WriteDirectoryAsync(tar, new DirectoryInfo(directory), "", ignore, [dockerfile, IgnoreFileName], cancellationToken);
        }
        if (extraDockerfile is { } extra)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, extra.Name)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = DateTimeOffset.UtcNow,
                DataStream = new MemoryStream(extra.Content),
            };
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
    }

    /// <summary>A Dockerfile given from outside the context gets a name no context file has, as the docker CLI does.</summary>
    public static string ExtraDockerfileName() => $".dockerfile.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10))}";

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

    private static async Task WriteDirectoryAsync(TarWriter tar, DirectoryInfo directory, string prefix, IgnoreFile ignore, string[] alwaysSent, CancellationToken cancellationToken)
    {
        // Sorted, so the same directory always makes the same tar.
        foreach (var item in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var name = prefix + item.Name;
            var excluded = ignore.Excludes(name) && !alwaysSent.Contains(name);
            var isDirectory = item is DirectoryInfo && item.LinkTarget is null;
            if (excluded && !(isDirectory && ignore.HasExceptions)) continue;
            if (!excluded) await WriteEntryAsync(tar, item, isDirectory ? name + "/" : name, cancellationToken);
            if (isDirectory) await WriteDirectoryAsync(tar, (DirectoryInfo)item, name + "/", ignore, alwaysSent, cancellationToken);
        }
    }

    private static async Task WriteEntryAsync(TarWriter tar, FileSystemInfo item, string name, CancellationToken cancellationToken)
    {
        TarEntryType? type = item switch
        {
            { LinkTarget: not null } => TarEntryType.SymbolicLink,
            DirectoryInfo => TarEntryType.Directory,
            // Sockets, FIFOs and devices have no place in a context (the docker CLI skips them too); reading a FIFO would block.
            _ => FileType.IsRegularFile(item.FullName) ? TarEntryType.RegularFile : null,
        };
        if (type is not { } entryType) return;
        var entry = new PaxTarEntry(entryType, name)
        {
            Mode = item.UnixFileMode,
            ModificationTime = item.LastWriteTimeUtc,
            Uid = 0,
            Gid = 0,
        };
        if (entryType == TarEntryType.SymbolicLink) entry.LinkName = item.LinkTarget!;
        if (entryType != TarEntryType.RegularFile)
        {
            await tar.WriteEntryAsync(entry, cancellationToken);
            return;
        }
        await using var data = new FileStream(item.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        entry.DataStream = data;
        await tar.WriteEntryAsync(entry, cancellationToken);
    }
}
