using System.Formats.Tar;
using Berth.Storage.Diff;
using Berth.Storage.Interop;

namespace Berth.Storage.Tests.Diff;

/// <summary>The tar written from an overlay upper directory built by hand (whiteout devices, opaque xattr).</summary>
public sealed class LayerDiffWriterTests : IDisposable
{
    private readonly TempDirectory _upper = new();

    [Fact]
    public async Task Overlay_markers_become_whiteout_files_and_overlay_xattrs_stay_out()
    {
        FileCalls.Mknod(_upper.Join("deleted"), FileStatus.CharDevice, 0, 0);
        Directory.CreateDirectory(_upper.Join("opaque"));
        FileCalls.SetXattr(_upper.Join("opaque"), UpperChanges.OpaqueXattr, "y"u8);
        File.WriteAllText(_upper.Join("opaque/kept"), "kept");
        FileCalls.SetXattr(_upper.Join("opaque/kept"), "user.note", "text"u8);

        var entries = await ReadAsync(UpperChanges.Enumerate(_upper.Path));

        Assert.Equal([".wh.deleted", "opaque/", "opaque/.wh..wh..opq", "opaque/kept"], entries.Select(entry => entry.Name));
        var whiteout = entries[0];
        Assert.Equal((TarEntryType.RegularFile, (UnixFileMode)0, DateTimeOffset.UnixEpoch, 0L), (whiteout.EntryType, whiteout.Mode, whiteout.ModificationTime, whiteout.Length));
        Assert.DoesNotContain(entries[1].ExtendedAttributes.Keys, key => key.Contains("trusted.overlay", StringComparison.Ordinal));
        Assert.Equal("text", entries[3].ExtendedAttributes["SCHILY.xattr.user.note"]);
    }

    [Fact]
    public async Task Same_tree_same_bytes()
    {
        File.WriteAllText(_upper.Join("a"), "a");
        Directory.CreateDirectory(_upper.Join("d"));
        FileCalls.HardLink(_upper.Join("a"), _upper.Join("d/b"));

        using var first = new MemoryStream();
        using var second = new MemoryStream();
        var one = await LayerDiffWriter.WriteAsync(UpperChanges.Enumerate(_upper.Path), first, CancellationToken.None);
        var two = await LayerDiffWriter.WriteAsync(UpperChanges.Enumerate(_upper.Path), second, CancellationToken.None);

        Assert.Equal(one, two);
        Assert.Equal(first.ToArray(), second.ToArray());
        var entries = await ReadAsync(UpperChanges.Enumerate(_upper.Path));
        Assert.Equal((TarEntryType.HardLink, "a"), (entries[2].EntryType, entries[2].LinkName));
    }

    public void Dispose() => _upper.Dispose();

    private static async Task<List<PaxTarEntry>> ReadAsync(IEnumerable<LayerChange> changes)
    {
        using var tar = new MemoryStream();
        await LayerDiffWriter.WriteAsync(changes, tar, CancellationToken.None);
        tar.Position = 0;
        var entries = new List<PaxTarEntry>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            entries.Add((PaxTarEntry)entry);
        }
        return entries;
    }
}
