using System.Formats.Tar;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// The host side of <c>cp</c>: a tar of a host path under a chosen top name, and extraction of the daemon's tar that
/// never writes outside the destination — no absolute or ".." names, and never through a symlink the archive made.
/// </summary>
internal static class HostArchive
{
    /// <summary>Symlinks are archived as links, not followed, as docker cp does without -L.</summary>
    public static async Task WriteAsync(string source, string entryName, Stream output, CancellationToken ct)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await AddAsync(writer, source, entryName, ct);
    }

    public static async Task ExtractAsync(Stream tar, string root, string sourceBase, string? renameTo, CancellationToken ct)
    {
        var directories = new List<(string Path, TarEntry Entry)>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var name = CopyPaths.Rename(entry.Name, sourceBase, renameTo);
            var path = CopyPaths.Confined(root, name) ?? throw new CliUsageException($"refusing to extract \"{entry.Name}\": it would land outside {root}");
            RefuseLinkedParents(root, path);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    RemoveLink(path);
                    Directory.CreateDirectory(path);
                    directories.Add((path, entry));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    RemoveLink(path);
                    await entry.ExtractToFileAsync(path, overwrite: true, ct);
                    break;
                case TarEntryType.SymbolicLink:
                    Remove(path);
                    File.CreateSymbolicLink(path, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    // A hard link to a file extracted earlier; a copy keeps the content without trusting the link name.
                    var target = CopyPaths.Confined(root, CopyPaths.Rename(entry.LinkName, sourceBase, renameTo))
                        ?? throw new CliUsageException($"refusing to extract \"{entry.Name}\": its link leaves {root}");
                    RefuseLinkedParents(root, target);
                    Remove(path);
                    File.Copy(target, path);
                    break;
            }
        }
        // Directory modes last, so a read-only directory does not stop its own contents from being written.
        foreach (var (path, entry) in directories)
        {
            File.SetUnixFileMode(path, entry.Mode);
            Directory.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
        }
    }

    private static async Task AddAsync(TarWriter writer, string path, string entryName, CancellationToken ct)
    {
        var info = new DirectoryInfo(path);
        var isDirectory = info.Exists && info.LinkTarget is null;
        await writer.WriteEntryAsync(path, isDirectory ? entryName + "/" : entryName, ct);
        if (!isDirectory) return;
        foreach (var child in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
            await AddAsync(writer, child, entryName + "/" + Path.GetFileName(child), ct);
    }

    /// <summary>Every directory between the root and the entry must be a real directory, not a link an earlier entry planted.</summary>
    private static void RefuseLinkedParents(string root, string path)
    {
        var rootFull = Path.GetFullPath(root);
        for (var parent = Path.GetDirectoryName(path); parent is not null && parent.Length > rootFull.Length; parent = Path.GetDirectoryName(parent))
        {
            if (new FileInfo(parent).LinkTarget is not null)
                throw new CliUsageException($"refusing to extract through the symbolic link {parent}");
        }
    }

    /// <summary>Opening an existing symlink would write to its target, wherever that is.</summary>
    private static void RemoveLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
    }

    private static void Remove(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists) File.Delete(path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
