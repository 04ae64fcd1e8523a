namespace Berth.Storage.Mounting;

/// <summary>
/// Makes a long <c>lowerdir=</c> list fit in mount(2)'s one page of data. The lower directories of one
/// snapshotter share a parent (<c>ROOT/snapshots/</c>), so written relative to it each costs a few bytes
/// (<c>12/fs</c>) instead of the whole root; the mount is then made from a thread whose working directory
/// is that parent (see <see cref="KernelMounter"/>). Docker's overlay2 driver mounts the same way.
/// </summary>
internal static class OverlayLowerdirs
{
    private const string Key = "lowerdir=";

    /// <summary>
    /// The data options with the lowerdirs relative to their deepest common directory, and that directory.
    /// Options without a lowerdir of absolute paths come back as they are, with no directory.
    /// </summary>
    public static (List<string> Options, string? WorkingDirectory) Compact(IReadOnlyList<string> options)
    {
        var index = options.ToList().FindIndex(option => option.StartsWith(Key, StringComparison.Ordinal));
        if (index < 0)
        {
            return (options.ToList(), null);
        }
        var lowers = options[index][Key.Length..].Split(':');
        if (!lowers.All(Path.IsPathRooted))
        {
            return (options.ToList(), null);
        }
        var common = CommonDirectory(lowers);
        var relative = lowers.Select(lower => lower.Length == common.Length ? "." : lower[(common.Length + (common == "/" ? 0 : 1))..]);
        var compacted = options.ToList();
        compacted[index] = Key + string.Join(':', relative);
        return (compacted, common);
    }

    // The longest directory that holds every path: compared by whole path components, never mid-name.
    private static string CommonDirectory(IReadOnlyList<string> paths)
    {
        var common = paths[0].TrimEnd('/').Split('/');
        var length = common.Length;
        foreach (var path in paths.Skip(1))
        {
            var parts = path.TrimEnd('/').Split('/');
            length = Math.Min(length, parts.Length);
            for (var i = 0; i < length; i++)
            {
                if (parts[i] != common[i])
                {
                    length = i;
                    break;
                }
            }
        }
        // A single path, or all equal: its parent, so the lowerdir stays a name rather than ".".
        if (length == common.Length && paths.All(path => path.TrimEnd('/') == paths[0].TrimEnd('/')))
        {
            length--;
        }
        var joined = string.Join('/', common[..length]);
        return joined.Length == 0 ? "/" : joined;
    }
}
