using Berth.Api.Models;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// docker cp's path rules: which side of <c>cp</c> names a container, where an archive lands, and when its top entry
/// takes the destination's name (the destination is not an existing directory, so SRC becomes DEST).
/// </summary>
internal static class CopyPaths
{
    /// <summary>Go's os.ModeDir in the stat header's mode.</summary>
    private const long ModeDir = 1L << 31;

    /// <summary>splitCpArg: a path that starts with / or . is local even if it has a colon; otherwise CONTAINER:PATH.</summary>
    public static (string? Container, string Path) Split(string argument)
    {
        if (argument.StartsWith('/') || argument.StartsWith('.')) return (null, argument);
        var colon = argument.IndexOf(':');
        return colon > 0 ? (argument[..colon], argument[(colon + 1)..]) : (null, argument);
    }

    /// <summary>A container path is relative to the container's root.</summary>
    public static string ContainerAbsolute(string path) => path.StartsWith('/') ? path : "/" + path;

    /// <summary>The name the daemon gives the archive's top entry: the last element of the path, trailing "/" and "/." ignored.</summary>
    public static string BaseName(string path)
    {
        var trimmed = path;
        while (trimmed.Length > 1 && (trimmed.EndsWith('/') || trimmed.EndsWith("/.", StringComparison.Ordinal)))
            trimmed = trimmed.EndsWith('/') ? trimmed[..^1] : trimmed[..^2];
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 && trimmed.Length > 1 ? trimmed[(slash + 1)..] : trimmed;
    }

    /// <summary>The parent of a '/'-separated path ("/a/b" → "/a", "/a" → "/").</summary>
    public static string Parent(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        return slash switch { < 0 => ".", 0 => "/", _ => trimmed[..slash] };
    }

    public static bool IsDirectory(ContainerPathStat? stat) => stat is not null && (stat.Mode & ModeDir) != 0;

    /// <summary>
    /// Where an upload goes: into DEST when it is an existing directory, else into DEST's parent with the top entry
    /// renamed to DEST's base name.
    /// </summary>
    public static (string Directory, string? RenameTo) Target(string destination, bool destinationIsDirectory) =>
        destinationIsDirectory ? (destination, null) : (Parent(destination), BaseName(destination));

    /// <summary>Replaces the first element of an archive entry's name when it is the source's base name.</summary>
    public static string Rename(string entryName, string sourceBase, string? renameTo)
    {
        if (renameTo is null) return entryName;
        return entryName == sourceBase || entryName.StartsWith(sourceBase + "/", StringComparison.Ordinal)
            ? renameTo + entryName[sourceBase.Length..]
            : entryName;
    }

    /// <summary>
    /// The host path an entry extracts to, or null when it would land outside <paramref name="root"/>: absolute names
    /// and any ".." element are refused outright rather than cleaned, since a well-formed archive never has them.
    /// </summary>
    public static string? Confined(string root, string entryName)
    {
        if (entryName.Length == 0 || entryName.StartsWith('/') || entryName.Contains('\\')) return null;
        var elements = entryName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (elements.Length == 0 || elements.Any(e => e == "..")) return null;
        var rootFull = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(rootFull, Path.Combine(elements)));
        var prefix = rootFull.EndsWith(Path.DirectorySeparatorChar) ? rootFull : rootFull + Path.DirectorySeparatorChar;
        return full == rootFull || full.StartsWith(prefix, StringComparison.Ordinal) ? full : null;
    }
}
