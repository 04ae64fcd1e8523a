using Berth.Images.Layers;

namespace Berth.Build.Files;

/// <summary>
/// ADD of a local archive (tar, plain or gzip or zstd compressed) unpacks it into the destination, as Docker
/// does; anything else is copied as a file, bzip2 and xz tars too for now (Docker unpacks those as well).
/// The unpack never writes outside its directory.
/// </summary>
internal static class ArchiveUnpacker
{
    public static async Task<bool> TryUnpackAsync(string file, string directory, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var head = new byte[512];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (!IsArchive(head.AsSpan(0, read))) return false;
        input.Position = 0;
        await LayerApplier.ApplyAsync(input, directory, cancellationToken);
        return true;
    }

    private static bool IsArchive(ReadOnlySpan<byte> head) =>
        (head.Length >= 262 && head[257..262].SequenceEqual("ustar"u8))
        || head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])
        || head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]);
}
