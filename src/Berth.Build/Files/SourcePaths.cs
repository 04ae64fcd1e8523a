using Berth.Dockerfile.Ignore;

namespace Berth.Build.Files;

/// <summary>
/// The files a COPY or ADD source names in a source tree (the context, or another stage's rootfs): an exact path or
/// a pattern with Go's wildcards, always inside the tree (<c>..</c> stops at its root, as in Docker), and never a
/// path the context's .dockerignore excludes.
/// </summary>
internal static class SourcePaths
{
    /// <summary>Slash-separated paths relative to the tree's root; the tree's root itself is "".</summary>
    public static IReadOnlyList<string> Resolve(string root, string source, IgnoreFile ignore, Func<string, string> hostPath)
    {
        var clean = CleanPath.Clean("/" + source).TrimStart('/');
        if (clean.Length > 0 && ignore.Excludes(clean)) return [];
        if (!HasWildcard(clean))
        {
            return Exists(hostPath(clean)) ? [clean] : [];
        }
        var pattern = IgnorePattern.Parse(clean);
        var matches = new List<string>();
        Walk(root, "", pattern, ignore, matches);
        return matches;
    }

    public static bool HasWildcard(string path) => path.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    private static void Walk(string directory, string prefix, IgnorePattern pattern, IgnoreFile ignore, List<string> matches)
    {
        foreach (var entry in new DirectoryInfo(Path.Join(directory, prefix)).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = prefix.Length == 0 ? entry.Name : $"{prefix}/{entry.Name}";
            var excluded = ignore.Excludes(relative);
            if (excluded && !IgnoreWalk.MayReadmit(entry, ignore)) continue;
            // A match is taken whole; wildcards never cross '/', so what lies under a match can't match too.
            if (pattern.Matches(relative)) matches.Add(relative);
            else if (entry is DirectoryInfo && entry.LinkTarget is null) Walk(directory, relative, pattern, ignore, matches);
        }
    }
}
