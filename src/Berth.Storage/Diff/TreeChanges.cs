using Berth.Storage.Interop;

namespace Berth.Storage.Diff;

/// <summary>
/// The changes between two full trees (a native snapshot and its parent's copy), found by walking both
/// side by side as containerd's double walk does: a name only in the upper is added (with all it holds),
/// a name only in the lower is whited out, a name in both is written again when its type, owner, mode,
/// size, mtime, xattrs, link target or device differ — or, when the mtime has no nanoseconds (a copy may
/// have truncated it), its content does. In name order, depth first, like <see cref="UpperChanges"/>.
/// </summary>
internal static class TreeChanges
{
    /// <summary>The changes from <paramref name="lower"/> (null: empty) to <paramref name="upper"/>.</summary>
    public static IEnumerable<LayerChange> Enumerate(string? lower, string upper) => Walk(lower, upper, "");

    private static IEnumerable<LayerChange> Walk(string? lower, string upper, string prefix)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(Directory.EnumerateFileSystemEntries(upper).Select(path => Path.GetFileName(path)));
        if (lower is not null)
        {
            names.UnionWith(Directory.EnumerateFileSystemEntries(lower).Select(path => Path.GetFileName(path)));
        }
        foreach (var name in names)
        {
            var upperPath = Path.Join(upper, name);
            var lowerPath = lower is null ? null : Path.Join(lower, name);
            var upperStatus = FileCalls.Lstat(upperPath);
            var lowerStatus = lowerPath is null ? null : FileCalls.Lstat(lowerPath);
            var relative = prefix + name;
            if (upperStatus is not { } status)
            {
                yield return LayerChange.Whiteout(relative);
                continue;
            }
            if (lowerStatus is not { } before || Differs(before, lowerPath!, status, upperPath))
            {
                yield return LayerChange.Entry(relative, upperPath);
            }
            if (status.IsDirectory)
            {
                // Below a directory that was something else before, everything is new.
                var lowerDirectory = lowerStatus is { IsDirectory: true } ? lowerPath : null;
                foreach (var change in Walk(lowerDirectory, upperPath, relative + "/"))
                {
                    yield return change;
                }
            }
        }
    }

    private static bool Differs(FileStatus before, string beforePath, FileStatus after, string afterPath)
    {
        if (before.Mode != after.Mode || before.Uid != after.Uid || before.Gid != after.Gid ||
            before.MtimeSeconds != after.MtimeSeconds || before.MtimeNanoseconds != after.MtimeNanoseconds ||
            before.RdevMajor != after.RdevMajor || before.RdevMinor != after.RdevMinor ||
            (!after.IsDirectory && before.Size != after.Size))
        {
            return true;
        }
        if (!XattrsEqual(FileCalls.ReadXattrs(beforePath), FileCalls.ReadXattrs(afterPath)))
        {
            return true;
        }
        if (after.IsSymlink)
        {
            return new FileInfo(beforePath).LinkTarget != new FileInfo(afterPath).LinkTarget;
        }
        return after.IsRegular && after.MtimeNanoseconds == 0 && !ContentEqual(beforePath, afterPath);
    }

    private static bool XattrsEqual(SortedDictionary<string, byte[]> a, SortedDictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value.AsSpan().SequenceEqual(pair.Value));

    private static bool ContentEqual(string a, string b)
    {
        using var first = File.OpenRead(a);
        using var second = File.OpenRead(b);
        var bufferA = new byte[81920];
        var bufferB = new byte[81920];
        while (true)
        {
            var read = first.ReadAtLeast(bufferA, bufferA.Length, throwOnEndOfStream: false);
            var readB = second.ReadAtLeast(bufferB, bufferB.Length, throwOnEndOfStream: false);
            if (read != readB || !bufferA.AsSpan(0, read).SequenceEqual(bufferB.AsSpan(0, readB)))
            {
                return false;
            }
            if (read < bufferA.Length)
            {
                return true;
            }
        }
    }
}
