using System.Formats.Tar;
using System.Text;
using Berth.Storage.Interop;

namespace Berth.Storage.Diff;

/// <summary>
/// Writes a sequence of <see cref="LayerChange"/>s as an OCI layer tar (PAX), the way containerd's and
/// Docker's diff writers do: whiteouts as empty <c>.wh.NAME</c> files, an opaque directory as a
/// <c>.wh..wh..opq</c> file inside it, a second name of an inode already written as a hard link to the
/// first, xattrs as <c>SCHILY.xattr.*</c> records (overlay's own <c>trusted.overlay.*</c> left out).
/// Deterministic: entries come in the order given (both change sources sort by name), no user or group
/// names, no access or change times, marker files dated at the epoch.
/// </summary>
internal static class LayerDiffWriter
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string OverlayXattrPrefix = "trusted.overlay.";
    private const string PaxXattrPrefix = "SCHILY.xattr.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="changes"/> to <paramref name="output"/> (left open) and measures the tar.</summary>
    public static async Task<LayerDiff> WriteAsync(IEnumerable<LayerChange> changes, Stream output, CancellationToken cancellationToken)
    {
        var hashing = new HashingStream(output);
        await using (hashing.ConfigureAwait(false))
        {
            var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                var links = new Dictionary<(ulong, ulong), string>();
                foreach (var change in changes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (change.Kind)
                    {
                        case LayerChangeKind.Whiteout:
                            await tar.WriteEntryAsync(Marker(Sibling(change.Name, WhiteoutPrefix + Path.GetFileName(change.Name))), cancellationToken).ConfigureAwait(false);
                            break;
                        case LayerChangeKind.Opaque:
                            await tar.WriteEntryAsync(Marker($"{change.Name}/{OpaqueMarker}"), cancellationToken).ConfigureAwait(false);
                            break;
                        default:
                            await WriteEntryAsync(tar, hashing, change, links, cancellationToken).ConfigureAwait(false);
                            break;
                    }
                }
            }
            // TarWriter ends an archive only if it wrote an entry; a layer without changes (a commit of an untouched
            // container) must still be a valid tar: the two zero blocks of an empty archive, as Docker's empty layers.
            if (hashing.Length == 0) await hashing.WriteAsync(new byte[2 * 512], cancellationToken).ConfigureAwait(false);
            await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new LayerDiff(hashing.Finish(), hashing.Length);
        }
    }

    private static async Task WriteEntryAsync(TarWriter tar, Stream raw, LayerChange change, Dictionary<(ulong, ulong), string> links, CancellationToken cancellationToken)
    {
        var source = change.Source!;
        var status = FileCalls.LstatExisting(source);
        var name = status.IsDirectory ? change.Name + "/" : change.Name;
        var xattrs = FileCalls.ReadXattrs(source).Where(pair => !pair.Key.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal)).ToList();

        string? linkTarget = null;
        if (!status.IsDirectory && status.LinkCount > 1 && !links.TryAdd(status.Identity, change.Name))
        {
            linkTarget = links[status.Identity];
        }
        var type = linkTarget is not null ? TarEntryType.HardLink : status.Type switch
        {
            FileStatus.Directory => TarEntryType.Directory,
            FileStatus.Regular => TarEntryType.RegularFile,
            FileStatus.Symlink => TarEntryType.SymbolicLink,
            FileStatus.CharDevice => TarEntryType.CharacterDevice,
            FileStatus.BlockDevice => TarEntryType.BlockDevice,
            FileStatus.Fifo => TarEntryType.Fifo,
            _ => (TarEntryType?)null,
        };
        if (type is null)
        {
            return; // a socket: a live endpoint, not content, skipped as tar and Docker skip it
        }

        var link = linkTarget ?? (status.IsSymlink ? new FileInfo(source).LinkTarget : null);
        var binary = xattrs.Where(pair => !IsText(pair.Value)).ToList();
        TarEntry entry = binary.Count == 0
            ? new PaxTarEntry(type.Value, name, xattrs.Select(pair => KeyValuePair.Create(PaxXattrPrefix + pair.Key, StrictUtf8.GetString(pair.Value))))
            : await BinaryXattrHeader.WriteAsync(raw, type.Value, name, link, status, xattrs, cancellationToken).ConfigureAwait(false);
        entry.Mode = status.Permissions;
        entry.Uid = (int)status.Uid;
        entry.Gid = (int)status.Gid;
        entry.ModificationTime = status.Mtime;
        if (entry is PosixTarEntry posix && type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            posix.DeviceMajor = (int)status.RdevMajor;
            posix.DeviceMinor = (int)status.RdevMinor;
        }
        if (binary.Count == 0 && link is not null)
        {
            entry.LinkName = link; // a binary-xattr entry carries its link in its own PAX header
        }

        if (type == TarEntryType.RegularFile)
        {
            var data = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (data.ConfigureAwait(false))
            {
                entry.DataStream = data;
                await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    // A whiteout or opaque marker: an empty file, mode 0, at the epoch, so it says nothing but its name.
    private static PaxTarEntry Marker(string name) => new(TarEntryType.RegularFile, name)
    {
        Mode = 0,
        ModificationTime = DateTimeOffset.UnixEpoch,
    };

    private static string Sibling(string path, string name)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? name : $"{path[..(slash + 1)]}{name}";
    }

    private static bool IsText(byte[] value)
    {
        try
        {
            StrictUtf8.GetString(value);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
