using System.Formats.Tar;
using Berth.Images.Content;
using Berth.Oci;
using ZstdSharp;

namespace Berth.Images.Archive;

/// <summary>
/// Reads an archive front to back, once: the input is a request body that cannot seek. Every file goes
/// straight into the content store, hashed as it is written (no layer is ever held in memory), because
/// which files matter is only known from manifest.json or index.json, which may come last.
/// </summary>
internal static class ArchiveReader
{
    public static async Task<ArchiveContents> ReadAsync(ContentStore store, Stream tar, CancellationToken cancellationToken)
    {
        var contents = new ArchiveContents();
        await using var input = await ArchiveInput.OpenAsync(tar, cancellationToken);
        await using var reader = new TarReader(input, leaveOpen: true);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                await AddEntryAsync(store, contents, entry, cancellationToken);
            }
        }
        catch (EndOfStreamException e)
        {
            throw BerthException.Invalid("invalid tar archive: unexpected end of archive", e);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException)
        {
            throw BerthException.Invalid($"invalid tar archive: {e.Message}", e);
        }
        return contents;
    }

    // Other entry types (devices, fifos, PAX global headers, which GNU tar names by an absolute temp
    // path) are no part of any image layout and are passed over without a look at their names.
    private static async Task AddEntryAsync(ContentStore store, ArchiveContents contents, TarEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var path = ArchiveEntryName.Normalize(entry.Name);
                if (path.Length > 0) await AddFileAsync(store, contents, path, entry, cancellationToken);
                break;
            case TarEntryType.SymbolicLink:
                var link = ArchiveEntryName.Normalize(entry.Name);
                contents.AddLink(link, ArchiveEntryName.ResolveSymlink(link, entry.LinkName));
                break;
            case TarEntryType.HardLink:
                // A hard link names its target from the archive root, not from its own directory.
                contents.AddLink(ArchiveEntryName.Normalize(entry.Name), ArchiveEntryName.Normalize(entry.LinkName));
                break;
            case TarEntryType.Directory:
                // Nothing to keep, but a directory that climbs out marks a crafted archive all the same.
                _ = ArchiveEntryName.Normalize(entry.Name);
                break;
        }
    }

    private static async Task AddFileAsync(ContentStore store, ArchiveContents contents, string path, TarEntry entry, CancellationToken cancellationToken)
    {
        var data = entry.DataStream ?? Stream.Null;
        if (path == ArchivePaths.Manifest)
        {
            contents.ManifestJson = await ReadDocumentAsync(path, entry, data, cancellationToken);
        }
        else if (path == ArchivePaths.Index)
        {
            contents.IndexJson = await ReadDocumentAsync(path, entry, data, cancellationToken);
        }
        else if (!ArchivePaths.IsIgnored(path))
        {
            Digest? expected = ArchivePaths.TryParseBlob(path, out var named) ? named : null;
            contents.AddFile(path, await IngestAsync(store, path, data, expected, entry.Length, cancellationToken));
        }
    }

    private static async Task<Digest> IngestAsync(ContentStore store, string path, Stream data, Digest? expected, long size, CancellationToken cancellationToken)
    {
        // A blob the store already holds is trusted; the reader skips the entry's bytes unread.
        if (expected is { } known && store.Exists(known) && store.SizeOf(known) == size) return known;

        await using var writer = store.OpenWriter();
        await data.CopyToAsync(writer, cancellationToken);
        // The tar reader ends an entry's data quietly where the input ends; an upload cut short shows here.
        if (writer.Length != size) throw BerthException.Invalid($"invalid tar archive: unexpected end of archive in {path}");
        try
        {
            // The media type is not known yet and the store does not keep it: manifests say what each blob is.
            return (await writer.CommitAsync("application/octet-stream", expected, size, cancellationToken)).ParsedDigest;
        }
        catch (BerthException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw BerthException.Invalid($"invalid archive: {path} does not match its name: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadDocumentAsync(string path, TarEntry entry, Stream data, CancellationToken cancellationToken)
    {
        if (entry.Length > ArchiveJson.MaxDocumentBytes) throw BerthException.Invalid($"invalid archive: {path} is larger than {ArchiveJson.MaxDocumentBytes} bytes");
        var buffer = new MemoryStream((int)entry.Length);
        await data.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
