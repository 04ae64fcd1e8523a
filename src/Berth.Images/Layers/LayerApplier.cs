using System.Formats.Tar;

namespace Berth.Images.Layers;

/// <summary>
/// Unpacks a layer (an OCI or Docker layer tar, plain, gzip or zstd) onto a directory, as containerd's and
/// Docker's apply do: whiteouts delete, opaque directories hide lower layers, every entry type with its
/// owner, mode, xattrs and times. Nothing is written outside the directory: names with '..' above the root
/// are refused, absolute names and symlinks are confined to it (see <see cref="ScopedResolver"/>), and hard
/// links may not reach out.
/// </summary>
public static class LayerApplier
{
    /// <summary>
    /// Applies <paramref name="layer"/> onto <paramref name="targetDirectory"/>, which must exist, entry by
    /// entry in tar order, streaming. <paramref name="layer"/> is read to its end and left open.
    /// </summary>
    public static Task<LayerApplyResult> ApplyAsync(Stream layer, string targetDirectory, CancellationToken cancellationToken) =>
        ApplyAsync(layer, targetDirectory, WhiteoutStyle.Delete, cancellationToken);

    /// <summary>
    /// As <see cref="ApplyAsync(Stream, string, CancellationToken)"/>, with whiteouts applied in the given
    /// <paramref name="whiteouts"/> style: <see cref="WhiteoutStyle.Overlay"/> writes a layer into an empty
    /// directory that overlayfs will stack on its parents, with no mount of them.
    /// </summary>
    public static async Task<LayerApplyResult> ApplyAsync(Stream layer, string targetDirectory, WhiteoutStyle whiteouts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("applying a layer needs Linux (device nodes, ownership, xattrs)");
        }
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"layer target {root} does not exist");
        }

        var tar = await LayerCompression.OpenDecompressedAsync(layer, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        await using (tar.ConfigureAwait(false))
        {
            var tap = new PaxXattrTap(tar);
            var application = new LayerApplication(root, whiteouts);
            var reader = new TarReader(tap, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
                    {
                        continue;
                    }
                    await application.ApplyAsync(entry, tap.TakeXattrs(), cancellationToken).ConfigureAwait(false);
                }
            }
            // The layer's size (and any digest over it) covers the padding after the end-of-archive blocks too.
            await tap.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            application.SetDirectoryTimes();
            return new LayerApplyResult(tap.BytesRead);
        }
    }
}
