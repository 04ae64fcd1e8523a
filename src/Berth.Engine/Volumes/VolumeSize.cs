namespace Berth.Engine.Volumes;

/// <summary>
/// A volume's size as Docker reports what a prune reclaims: the lengths of its files added up (not the blocks
/// they take), symlinks not followed, an unreadable part counted as nothing.
/// </summary>
public static class VolumeSize
{
    public static long Measure(string root, CancellationToken cancellationToken)
    {
        long size = 0;
        var pending = new Stack<DirectoryInfo>();
        if (Directory.Exists(root)) pending.Push(new DirectoryInfo(root));
        while (pending.TryPop(out var dir))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                foreach (var entry in dir.EnumerateFileSystemInfos())
                {
                    if (entry.LinkTarget is not null) continue;
                    if (entry is DirectoryInfo child) pending.Push(child);
                    else if (entry is FileInfo file) size += file.Length;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable meanwhile: the size is an estimate either way.
            }
        }
        return size;
    }
}
