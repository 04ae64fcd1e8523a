namespace Berth.Engine.Build.Contexts;

/// <summary>
/// Brings a kept context directory to what the client's manifest says, once the changed entries are unpacked onto
/// it: whatever the manifest no longer lists is removed, and every listed entry must be there with its type (and a
/// file with its size). The walk never follows a symlink, so nothing outside the directory is touched.
/// </summary>
internal static class ContextReconciler
{
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    /// <returns>The host paths removed.</returns>
    /// <exception cref="InvalidDataException">The directory does not hold what the manifest lists.</exception>
    public static List<string> Reconcile(string root, IReadOnlyList<ContextEntry> entries)
    {
        var wanted = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var removed = new List<string>();
        var found = Walk(new DirectoryInfo(root), "", wanted, removed);
        if (found != wanted.Count)
            throw new InvalidDataException($"the kept build context lacks {wanted.Count - found} of the {wanted.Count} entries the client listed");
        return removed;
    }

    private static int Walk(DirectoryInfo directory, string prefix, Dictionary<string, ContextEntry> wanted, List<string> removed)
    {
        var found = 0;
        foreach (var info in directory.EnumerateFileSystemInfos("*", AllEntries))
        {
            var path = prefix + info.Name;
            if (!wanted.TryGetValue(path, out var entry))
            {
                Remove(info);
                removed.Add(info.FullName);
                continue;
            }
            var type = info.LinkTarget is not null ? ContextEntry.Symlink : info is DirectoryInfo ? ContextEntry.Directory : ContextEntry.File;
            if (type != entry.Type || (info is FileInfo file && type == ContextEntry.File && file.Length != entry.Size))
                throw new InvalidDataException($"the kept build context's {path} is not what the client listed");
            found++;
            if (type == ContextEntry.Directory) found += Walk((DirectoryInfo)info, path + "/", wanted, removed);
        }
        return found;
    }

    private static void Remove(FileSystemInfo info)
    {
        // A symlink, even to a directory, is unlinked, never followed.
        if (info is DirectoryInfo { LinkTarget: null } directory) directory.Delete(recursive: true);
        else File.Delete(info.FullName);
    }
}
