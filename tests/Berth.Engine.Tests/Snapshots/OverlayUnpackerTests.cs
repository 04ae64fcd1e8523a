using Berth.Engine.Snapshots;
using Berth.Storage;

namespace Berth.Engine.Tests.Snapshots;

public sealed class OverlayUnpackerTests : UnpackerSuite
{
    protected override string Name => Snapshotters.Overlay;

    [Fact]
    public async Task A_tar_whiteout_becomes_an_overlay_whiteout_in_the_layer_s_own_directory()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base, Top]);
        await Unpacker.UnpackAsync(manifest, config, CancellationToken.None);

        // Each snapshot's own files are in SNAPSHOTTER_ROOT/snapshots/<id>/fs; layer 2's is the one with etc/new.
        var top = Directory.EnumerateDirectories(Path.Join(SnapshotterRoot, "snapshots"))
            .Select(directory => Path.Join(directory, "fs"))
            .Single(fs => File.Exists(Path.Join(fs, "etc", "new")));
        // Overlay's whiteout is an entry of the hidden name (a 0:0 character device), not a .wh. file.
        var whiteout = new FileInfo(Path.Join(top, "gone"));
        Assert.True(whiteout.Exists);
        Assert.Equal(0, whiteout.Length);
        Assert.False(File.Exists(Path.Join(top, ".wh.gone")));
        Assert.False(File.Exists(Path.Join(top, "etc", "keep")), "an upper holds only the layer's own changes");
    }
}
