using Berth.Dockerfile.Ignore;
using Berth.Runtime.Spec;

namespace Berth.Build.Files;

/// <summary>
/// Writes COPY's files into a mounted rootfs: contents and modes (or <c>--chmod</c>) and mtimes of the source,
/// owned by root or by <c>--chown</c>; symlinks copied as links. Every destination is resolved inside the rootfs
/// (<see cref="ScopedPath"/>), so an image's symlinks can't send a write to the host.
/// </summary>
internal sealed class FileCopier(string rootfs, uint uid, uint gid, UnixFileMode? chmod)
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;

    /// <summary>Copies the file, link or directory tree at <paramref name="source"/> to <paramref name="destination"/>, a container path.</summary>
    /// <param name="sourcePath">The source's path in its tree, to ask <paramref name="ignore"/> about what is under it.</param>
    /// <param name="excluded">The directory itself is ignored, but an exception may bring back something inside it: only that is copied.</param>
    public async Task CopyAsync(FileSystemInfo source, string sourcePath, string destination, IgnoreFile ignore, CancellationToken cancellationToken, bool excluded = false)
    {
        if (source.LinkTarget is { } target)
        {
            var path = Prepare(destination);
            File.CreateSymbolicLink(path, target);
            FileOwner.Set(path, uid, gid);
            return;
        }
        if (source is DirectoryInfo directory)
        {
            var path = excluded ? null : EnsureDirectory(destination, chmod ?? directory.UnixFileMode);
            foreach (var child in directory.EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var childPath = sourcePath.Length == 0 ? child.Name : $"{sourcePath}/{child.Name}";
                var childExcluded = ignore.Excludes(childPath);
                if (childExcluded && !IgnoreWalk.MayReadmit(child, ignore)) continue;
                await CopyAsync(child, childPath, $"{destination.TrimEnd('/')}/{child.Name}", ignore, cancellationToken, childExcluded);
            }
            if (path is not null) Directory.SetLastWriteTimeUtc(path, directory.LastWriteTimeUtc);
            return;
        }
        var file = Prepare(destination);
        await using (var input = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await input.CopyToAsync(output, cancellationToken);
        }
        Finish(file, chmod ?? source.UnixFileMode, source.LastWriteTimeUtc);
    }

    /// <summary>Writes <paramref name="content"/> as a file at <paramref name="destination"/> (a heredoc source, a download).</summary>
    public async Task WriteAsync(string destination, ReadOnlyMemory<byte> content, UnixFileMode mode, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        var file = Prepare(destination);
        await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await output.WriteAsync(content, cancellationToken);
        }
        Finish(file, chmod ?? mode, modified.UtcDateTime);
    }

    /// <summary>The host path of a container directory, made (with its missing parents) when absent.</summary>
    public string EnsureDirectory(string destination, UnixFileMode mode)
    {
        var path = ScopedPath.Resolve(rootfs, destination);
        if (Directory.Exists(path)) return path;
        EnsureDirectory(ParentOf(destination), DirectoryMode);
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, mode);
        FileOwner.Set(path, uid, gid);
        return path;
    }

    /// <summary>Whether the container path is a directory in the rootfs now (symlinks followed inside it).</summary>
    public bool IsDirectory(string destination) => Directory.Exists(ScopedPath.Resolve(rootfs, destination));

    /// <summary>The host path to write a new file or link at: parents made, whatever was there (a directory too) removed.</summary>
    private string Prepare(string destination)
    {
        var parent = EnsureDirectory(ParentOf(destination), DirectoryMode);
        var path = Path.Join(parent, Path.GetFileName(destination.TrimEnd('/')));
        if (new FileInfo(path).LinkTarget is not null || File.Exists(path)) File.Delete(path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        return path;
    }

    private void Finish(string path, UnixFileMode mode, DateTime modified)
    {
        FileOwner.Set(path, uid, gid);
        // After chown: changing the owner clears setuid and setgid bits.
        File.SetUnixFileMode(path, mode);
        File.SetLastWriteTimeUtc(path, modified);
    }

    private static string ParentOf(string containerPath)
    {
        var trimmed = containerPath.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash <= 0 ? "/" : trimmed[..slash];
    }
}
