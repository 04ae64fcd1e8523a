namespace Berth.Dockerfile.Ignore;

/// <summary>
/// A .dockerignore: which paths of a build context stay out of it. Patterns apply in order and the last one
/// that matches decides, so <c>!</c> exceptions re-admit what an earlier line excluded. A pattern that matches
/// a directory excludes everything under it, yet an exception may still bring back a path inside.
/// </summary>
public sealed class IgnoreFile
{
    private IgnoreFile(IReadOnlyList<IgnorePattern> patterns) => Patterns = patterns;

    public static IgnoreFile Empty { get; } = new([]);

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>True when some exception might re-admit a path under an excluded directory, so the directory must still be walked.</summary>
    public bool HasExceptions => Patterns.Any(p => p.IsException);

    /// <summary>Reads a .dockerignore's text: <c>#</c> comments, surrounding blanks and empty lines are skipped.</summary>
    /// <exception cref="FormatException">A line that is not a valid pattern.</exception>
    public static IgnoreFile Parse(string text)
    {
        var patterns = new List<IgnorePattern>();
        foreach (var raw in text.Split('\n'))
        {
            // Only a '#' in the first column starts a comment, as in Docker.
            if (raw.StartsWith('#')) continue;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            patterns.Add(IgnorePattern.Parse(line));
        }
        return new IgnoreFile(patterns);
    }

    /// <summary>This file with more lines after its own (COPY --exclude's patterns).</summary>
    public IgnoreFile With(IEnumerable<string> lines) => new([.. Patterns, .. lines.Select(IgnorePattern.Parse)]);

    /// <summary>Whether the context path (slash-separated, relative to the context root) is left out.</summary>
    public bool Excludes(string path)
    {
        path = CleanPath.Clean(path.Replace('\\', '/')).TrimStart('/');
        var parents = Parents(path);
        var excluded = false;
        foreach (var pattern in Patterns)
        {
            // A pattern that can't change the verdict needn't be tried.
            if (pattern.IsException != excluded) continue;
            if (pattern.Matches(path) || parents.Any(pattern.Matches)) excluded = !pattern.IsException;
        }
        return excluded;
    }

    /// <summary>"a/b/c" → "a", "a/b": a pattern matching a parent directory matches everything in it.</summary>
    private static List<string> Parents(string path)
    {
        var parents = new List<string>();
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1)) parents.Add(path[..slash]);
        return parents;
    }
}
