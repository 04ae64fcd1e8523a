using System.Security.Cryptography;
using System.Text;
using Berth.Dockerfile.Ignore;

namespace Berth.Build.Files;

/// <summary>
/// A digest over what COPY would copy: each entry's path, type, mode, size, content or link target. Not mtimes
/// nor owners (COPY sets its own), so touching a file or checking it out again keeps the cache.
/// </summary>
internal static class ContentChecksum
{
    /// <param name="digests">The tree's known file digests, when it is a context the daemon keeps between builds.</param>
    public static async Task<string> ComputeAsync(IEnumerable<string> paths, IgnoreFile ignore, Func<string, string> hostPath, FileDigestCache? digests, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths)
        {
            await AddAsync(hash, path, new FileInfo(hostPath(path)), ignore, digests, cancellationToken);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task AddAsync(IncrementalHash hash, string path, FileSystemInfo entry, IgnoreFile ignore, FileDigestCache? digests, CancellationToken cancellationToken, bool excluded = false)
    {
        if (entry.LinkTarget is { } target)
        {
            Add(hash, $"L {path} {target}");
            return;
        }
        var mode = Convert.ToString((int)entry.UnixFileMode, 8);
        if (Directory.Exists(entry.FullName))
        {
            // An ignored directory counts only for what an exception brings back from inside it.
            if (!excluded) Add(hash, $"D {path} {mode}");
            foreach (var child in new DirectoryInfo(entry.FullName).EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var childPath = path.Length == 0 ? child.Name : $"{path}/{child.Name}";
                var childExcluded = ignore.Excludes(childPath);
                if (!childExcluded || IgnoreWalk.MayReadmit(child, ignore)) await AddAsync(hash, childPath, child, ignore, digests, cancellationToken, childExcluded);
            }
            return;
        }
        var file = (FileInfo)(entry is FileInfo ? entry : new FileInfo(entry.FullName));
        var content = digests is null ? await DigestAsync(file, cancellationToken) : await digests.GetAsync(file, DigestAsync, cancellationToken);
        Add(hash, $"F {path} {mode} {file.Length} {content}");
    }

    private static async Task<string> DigestAsync(FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static void Add(IncrementalHash hash, string line) => hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
}
