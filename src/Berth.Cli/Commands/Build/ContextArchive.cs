using System.Formats.Tar;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// The build context as the docker CLI sends it: the <see cref="ContextWalk"/> entries of the directory as a tar,
/// owned by root (ownership on the client's machine means nothing in an image), with modes, mtimes and symlinks
/// kept. A Dockerfile from elsewhere (outside the directory, or stdin) joins the context under a name of its own.
/// </summary>
internal static class ContextArchive
{
    /// <summary>Writes the context of <paramref name="directory"/> (none: an empty context) to <paramref name="output"/>.</summary>
    /// <param name="dockerfile">The Dockerfile's path inside the context, slash-separated; always sent.</param>
    /// <param name="extraDockerfile">A Dockerfile from outside the context: (its name in the tar, its content).</param>
    /// <param name="only">When set, only these entries (and the extra Dockerfile) go: what a synced context lacks.</param>
    public static async Task WriteAsync(string? directory, string dockerfile, ExtraDockerfile? extraDockerfile, Stream output,
        IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        if (directory is not null)
        {
            foreach (var item in await ContextWalk.EnumerateAsync(directory, dockerfile, cancellationToken))
            {
                if (only is null || only.Contains(item.Name)) await WriteEntryAsync(tar, item, cancellationToken);
            }
        }
        if (extraDockerfile is { } extra)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, extra.Name)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = extra.ModificationTime,
                DataStream = new MemoryStream(extra.Content),
            };
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
    }

    private static async Task WriteEntryAsync(TarWriter tar, ContextWalk.Item item, CancellationToken cancellationToken)
    {
        var entry = new PaxTarEntry(item.Type, item.Type == TarEntryType.Directory ? item.Name + "/" : item.Name)
        {
            Mode = item.Stat.Mode,
            ModificationTime = item.Stat.ModificationTime,
            Uid = 0,
            Gid = 0,
        };
        if (item.Type == TarEntryType.SymbolicLink) entry.LinkName = item.Info.LinkTarget!;
        if (item.Type != TarEntryType.RegularFile)
        {
            await tar.WriteEntryAsync(entry, cancellationToken);
            return;
        }
        await using var data = new FileStream(item.Info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        entry.DataStream = data;
        await tar.WriteEntryAsync(entry, cancellationToken);
    }
}

/// <summary>A Dockerfile from outside the context, sent in it under a name no context file has, as the docker CLI does.</summary>
internal sealed record ExtraDockerfile(string Name, byte[] Content, DateTimeOffset ModificationTime)
{
    public static ExtraDockerfile Create(byte[] content) =>
        new($".dockerfile.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10))}", content, DateTimeOffset.UtcNow);
}
