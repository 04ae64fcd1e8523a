using System.Runtime.InteropServices;

namespace Berth.Images.Content;

/// <summary>
/// fsync for directories: a rename is durable only once the directory holding it is synced, and .NET has
/// no managed call for that.
/// </summary>
public static partial class FileSync
{
    private const int ReadOnlyDirectoryFlags = 0x10000; // O_RDONLY | O_DIRECTORY

    public static void SyncDirectory(string path)
    {
        var fd = Open(path, ReadOnlyDirectoryFlags);
        if (fd < 0) return;
        try { _ = Fsync(fd); }
        finally { _ = Close(fd); }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically: temp file, fsync, rename.</summary>
    public static async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(content, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
