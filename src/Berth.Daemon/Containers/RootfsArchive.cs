using System.Formats.Tar;

namespace Berth.Daemon.Containers;

/// <summary>
/// Writes a directory tree of a container's rootfs as a tar, for export and for copying out of a container.
/// Symlinks are written as links and never followed, so a link in the container cannot make the daemon read
/// host files; ownership, modes and times come from the files themselves.
/// </summary>
public static class RootfsArchive
{
    /// <param name="path">The host path of the file or directory to write.</param>
    /// <param name="entryName">Its name in the archive; "" writes a directory's contents at the top (export).</param>
    public static async Task WriteTreeAsync(string path, string entryName, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteAsync(writer, path, entryName, cancellationToken);
    }

    private static async Task WriteAsync(TarWriter writer, string path, string entryName, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        var isDirectory = info.Attributes.HasFlag(FileAttributes.Directory) && info.LinkTarget is null;
        if (entryName.Length > 0) await writer.WriteEntryAsync(path, isDirectory ? entryName + "/" : entryName, cancellationToken);
        if (!isDirectory) return;
        foreach (var child in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            await WriteAsync(writer, child, entryName.Length == 0 ? name : entryName + "/" + name, cancellationToken);
        }
    }
}
