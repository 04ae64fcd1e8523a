using Berth.Build.Files;
using Berth.Images.Layers;
using Berth.Oci;

namespace Berth.Engine.Build.Contexts;

/// <summary>A whole context tar (docker's way) unpacked into a directory of its own, removed after the build.</summary>
public sealed class UnpackedContext : IReceivedContext
{
    private UnpackedContext(string directory) => Directory = directory;

    public string Directory { get; }

    public FileDigestCache? Digests => null;

    /// <exception cref="BerthException">InvalidArgument: the tar cannot be read.</exception>
    public static async Task<UnpackedContext> UnpackAsync(string root, Stream tar, CancellationToken cancellationToken)
    {
        var context = new UnpackedContext(Path.Join(root, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))));
        System.IO.Directory.CreateDirectory(context.Directory);
        try
        {
            // The layer applier already guarantees what an untrusted tar needs: no entry outside the directory, plain,
            // gzip or zstd. (Its whiteout rule would drop a context file named .wh.*, which no real context holds.)
            await LayerApplier.ApplyAsync(tar, context.Directory, cancellationToken);
            return context;
        }
        catch (Exception e)
        {
            await context.DisposeAsync();
            if (e is InvalidDataException or FormatException or BerthException) throw BerthException.Invalid($"failed to read the build context: {e.Message}");
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
