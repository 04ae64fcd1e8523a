using Berth.Images.Content;

namespace Berth.Registry.Server.Storage;

/// <summary>
/// Small files (links, tags, manifests) written whole or not at all: temp file in <c>tmp/</c>, fsync, rename,
/// fsync of the target directory. The temp file lives outside the target directory so a listing of tags or
/// links never sees a half-written entry.
/// </summary>
internal sealed class AtomicFile(RegistryLayout layout)
{
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(layout.TempRoot, Guid.NewGuid().ToString("N"));
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(content, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        FileSync.SyncDirectory(directory);
    }

    public Task WriteTextAsync(string path, string content, CancellationToken cancellationToken) =>
        WriteAsync(path, System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);

    /// <summary>Deletes a file and reports whether it was there.</summary>
    public static bool Delete(string path)
    {
        if (!File.Exists(path)) return false;
        File.Delete(path);
        FileSync.SyncDirectory(Path.GetDirectoryName(path)!);
        return true;
    }
}
