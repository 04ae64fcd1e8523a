using Berth.Oci;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Berth.Storage.Tests.Mounting;

namespace Berth.Storage.Tests;

public sealed class SnapshottersTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Overlay_is_chosen_where_a_real_overlay_mount_works()
    {
        var choice = await Snapshotters.DetectAsync(_temp.Join("data"), new KernelMounter());
        Assert.Equal(Snapshotters.Overlay, choice.Name);
        Assert.Contains(_temp.Join("data"), choice.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Join("data")));
    }

    [Fact]
    public async Task Native_is_chosen_where_the_kernel_has_no_overlayfs()
    {
        var filesystems = _temp.Join("filesystems");
        await File.WriteAllTextAsync(filesystems, "nodev\tsysfs\n\text4\nnodev\ttmpfs\n");
        var mounter = new RecordingMounter();

        var choice = await Snapshotters.DetectAsync(_temp.Join("data"), mounter, filesystems);

        Assert.Equal(Snapshotters.Native, choice.Name);
        Assert.Contains("no overlayfs", choice.Reason, StringComparison.Ordinal);
        Assert.Empty(mounter.Mounted);
    }

    [Fact]
    public async Task Native_is_chosen_where_the_test_mount_does_not_show_the_lower_layer()
    {
        var mounter = new RecordingMounter();

        var choice = await Snapshotters.DetectAsync(_temp.Join("data"), mounter);

        Assert.Equal(Snapshotters.Native, choice.Name);
        var (mounts, target) = Assert.Single(mounter.Mounted);
        Assert.Equal("overlay", Assert.Single(mounts).Type);
        Assert.Equal([target], mounter.Unmounted);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Join("data")));
    }

    [Fact]
    public void Open_knows_both_names_and_refuses_others()
    {
        using (var overlay = Snapshotters.Open(Snapshotters.Overlay, _temp.Join("overlay")))
        {
            Assert.IsType<OverlaySnapshotter>(overlay);
        }
        using (var native = Snapshotters.Open(Snapshotters.Native, _temp.Join("native")))
        {
            Assert.IsType<NativeSnapshotter>(native);
        }
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => Snapshotters.Open("zfs", _temp.Join("zfs"))).Kind);
    }

    public void Dispose() => _temp.Dispose();
}
