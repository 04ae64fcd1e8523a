using System.Formats.Tar;

namespace Berth.Images.Archive;

/// <summary>
/// Writes archive entries with fixed metadata (root-owned, 0644/0755, mtime at the Unix epoch, which
/// Docker uses for its generated files) so that saving one image twice gives the same bytes. GNU format:
/// .NET's PAX writer puts its process ID into each extended header's name, which would break that, and
/// GNU still takes layers over 8 GiB.
/// </summary>
internal sealed class ArchiveTarWriter(Stream output) : IAsyncDisposable
{
    private const UnixFileMode FileMode = (UnixFileMode)0x1A4; // 0644
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755

    private readonly TarWriter _tar = new(output, TarEntryFormat.Gnu, leaveOpen: true);

    public Task WriteDirectoryAsync(string path, CancellationToken cancellationToken) =>
        _tar.WriteEntryAsync(Entry(TarEntryType.Directory, path, DirectoryMode), cancellationToken);

    public async Task WriteFileAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var entry = Entry(TarEntryType.RegularFile, path, FileMode);
        entry.DataStream = content;
        await _tar.WriteEntryAsync(entry, cancellationToken);
    }

    public Task WriteFileAsync(string path, byte[] content, CancellationToken cancellationToken) =>
        WriteFileAsync(path, new MemoryStream(content, writable: false), cancellationToken);

    public ValueTask DisposeAsync() => _tar.DisposeAsync();

    private static GnuTarEntry Entry(TarEntryType type, string path, UnixFileMode mode) =>
        new(type, path) { Mode = mode, Uid = 0, Gid = 0, ModificationTime = DateTimeOffset.UnixEpoch };
}
