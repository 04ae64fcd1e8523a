using Berth.Storage.Interop;
using Berth.Storage.Snapshots;

namespace Berth.Storage.Trees;

/// <summary>
/// What a directory tree takes on disk, as <c>du</c> counts it: allocated blocks (not file lengths, so
/// sparse files and small files count what they really use) and inodes, each inode once however many
/// hard links name it. Symlinks are counted, never followed.
/// </summary>
internal static class DiskUsage
{
    public static SnapshotUsage Measure(string root, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(ulong, ulong)>();
        long size = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = FileCalls.LstatExisting(path);
            if (seen.Add(status.Identity))
            {
                size += status.Blocks * 512;
            }
            if (status.IsDirectory)
            {
                foreach (var child in Directory.EnumerateFileSystemEntries(path))
                {
                    pending.Push(child);
                }
            }
        }
        return new SnapshotUsage(size, seen.Count);
    }
}
