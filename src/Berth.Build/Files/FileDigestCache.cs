using System.Collections.Concurrent;

namespace Berth.Build.Files;

/// <summary>
/// The content digests of a kept build context's files, so that a rebuild hashes only what was received anew. The
/// keeper of the context forgets each file it rewrites; an entry is also dropped when the file's size or mtime no
/// longer match, as a second guard.
/// </summary>
public sealed class FileDigestCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(long Length, DateTime ModifiedUtc, string Digest);

    /// <summary>The digest of <paramref name="file"/>, from <paramref name="compute"/> unless known.</summary>
    public async Task<string> GetAsync(FileInfo file, Func<FileInfo, CancellationToken, Task<string>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(compute);
        if (_entries.TryGetValue(file.FullName, out var known) && known.Length == file.Length && known.ModifiedUtc == file.LastWriteTimeUtc)
            return known.Digest;
        var digest = await compute(file, cancellationToken);
        _entries[file.FullName] = new Entry(file.Length, file.LastWriteTimeUtc, digest);
        return digest;
    }

    /// <summary>Forgets the file at <paramref name="path"/> (a host path), which is about to change.</summary>
    public void Forget(string path) => _entries.TryRemove(path, out _);
}
