using Berth.Storage.Interop;

namespace Berth.Storage.Trees;

/// <summary>
/// Copies a directory tree with everything a container rootfs holds: modes (setuid, sticky), owners,
/// symlinks as links, hard links as links (within the tree), xattrs, device nodes, fifos and mtimes to
/// the nanosecond. The native snapshotter's whole trick.
/// </summary>
internal static class TreeCopier
{
    /// <summary>
    /// Copies what <paramref name="source"/> holds into <paramref name="target"/>, an existing empty directory,
    /// and gives <paramref name="target"/> the metadata of <paramref name="source"/>.
    /// </summary>
    public static void Copy(string source, string target, CancellationToken cancellationToken)
    {
        var links = new Dictionary<(ulong, ulong), string>();
        CopyDirectory(source, target, links, cancellationToken);
    }

    private static void CopyDirectory(string source, string target, Dictionary<(ulong, ulong), string> links, CancellationToken cancellationToken)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(source).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            CopyEntry(child, Path.Join(target, Path.GetFileName(child)), links, cancellationToken);
        }
        // Last: writing the children moved the directory's mtime.
        EntryMetadata.CopyFrom(FileCalls.LstatExisting(source), FileCalls.ReadXattrs(source), target);
    }

    private static void CopyEntry(string source, string target, Dictionary<(ulong, ulong), string> links, CancellationToken cancellationToken)
    {
        var status = FileCalls.LstatExisting(source);
        if (!status.IsDirectory && status.LinkCount > 1)
        {
            if (links.TryGetValue(status.Identity, out var first))
            {
                FileCalls.HardLink(first, target);
                return;
            }
            links[status.Identity] = target;
        }
        switch (status.Type)
        {
            case FileStatus.Directory:
                Directory.CreateDirectory(target);
                CopyDirectory(source, target, links, cancellationToken);
                return;
            case FileStatus.Regular:
                File.Copy(source, target);
                break;
            case FileStatus.Symlink:
                File.CreateSymbolicLink(target, new FileInfo(source).LinkTarget!);
                break;
            case FileStatus.CharDevice or FileStatus.BlockDevice or FileStatus.Fifo:
                FileCalls.Mknod(target, status.Type | 0x180, status.RdevMajor, status.RdevMinor);
                break;
            case FileStatus.Socket:
                return; // a live endpoint, not content: tar and Docker skip sockets too
            default:
                throw new IOException($"cannot copy {source}: unknown file type (mode {status.Mode:x})");
        }
        EntryMetadata.CopyFrom(status, FileCalls.ReadXattrs(source), target);
    }
}
