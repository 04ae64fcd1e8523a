using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// Entry names and link targets of an archive, made relative to its root. Nothing is extracted to disk,
/// but a name that climbs out or starts at <c>/</c> marks a crafted archive and is refused, as Docker does.
/// </summary>
internal static class ArchiveEntryName
{
    /// <summary>
    /// <c>./blobs//sha256/x</c> becomes <c>blobs/sha256/x</c> (layouts tarred with <c>tar -C dir .</c>
    /// carry the <c>./</c>); the archive root itself becomes the empty string.
    /// </summary>
    public static string Normalize(string name)
    {
        if (name.StartsWith('/')) throw BerthException.Invalid($"invalid archive: entry \"{name}\" has an absolute path");
        var segments = Segments(name);
        if (segments.Contains("..")) throw BerthException.Invalid($"invalid archive: entry \"{name}\" points outside the archive");
        return string.Join('/', segments);
    }

    /// <summary>Resolves a symbolic link's target against the directory of the link, within the archive.</summary>
    public static string ResolveSymlink(string linkPath, string target)
    {
        if (target.StartsWith('/')) throw BerthException.Invalid($"invalid archive: link \"{linkPath}\" points to an absolute path");
        var resolved = new List<string>(Segments(linkPath)[..^1]);
        foreach (var segment in Segments(target))
        {
            if (segment != "..")
            {
                resolved.Add(segment);
            }
            else if (resolved.Count > 0)
            {
                resolved.RemoveAt(resolved.Count - 1);
            }
            else
            {
                throw BerthException.Invalid($"invalid archive: link \"{linkPath}\" points outside the archive");
            }
        }
        return string.Join('/', resolved);
    }

    private static string[] Segments(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != ".").ToArray();
}
