using Berth.Oci;

namespace Berth.Engine.Build.Contexts;

/// <summary>Which entries of a client's context a kept copy lacks, or holds in another version.</summary>
internal static class ContextDiff
{
    /// <summary>
    /// Every entry of <paramref name="wanted"/> that <paramref name="kept"/> has not with the same type, mode, size,
    /// mtime and link target: the client's stat changes whenever a file's content does (as rsync and BuildKit assume).
    /// </summary>
    public static List<string> Missing(IReadOnlyList<ContextEntry>? kept, IReadOnlyList<ContextEntry> wanted)
    {
        if (kept is null) return [.. wanted.Select(e => e.Path)];
        var known = kept.ToDictionary(e => e.Path, StringComparer.Ordinal);
        return [.. wanted.Where(e => !known.TryGetValue(e.Path, out var k) || k != e).Select(e => e.Path)];
    }

    /// <summary>The entries' paths are relative, clean and unique, their types known: what a manifest must hold.</summary>
    /// <exception cref="BerthException">InvalidArgument, naming the first bad entry.</exception>
    public static void Validate(IReadOnlyList<ContextEntry> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var parts = entry.Path.Split('/');
            if (entry.Path.Length == 0 || entry.Path.Contains('\0', StringComparison.Ordinal) || parts.Any(p => p is "" or "." or ".."))
                throw BerthException.Invalid($"invalid build context entry path: \"{entry.Path}\"");
            if (entry.Type is not (ContextEntry.File or ContextEntry.Directory or ContextEntry.Symlink))
                throw BerthException.Invalid($"invalid build context entry type \"{entry.Type}\" for {entry.Path}");
            if (!seen.Add(entry.Path)) throw BerthException.Invalid($"build context entry {entry.Path} is listed twice");
        }
    }
}
