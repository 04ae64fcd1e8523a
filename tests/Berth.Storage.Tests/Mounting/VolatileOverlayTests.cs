using Berth.Storage.Mounting;

namespace Berth.Storage.Tests.Mounting;

public sealed class VolatileOverlayTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Only_writable_overlays_become_volatile_and_only_once()
    {
        var writable = new Mount("overlay", "overlay", ["index=off", "workdir=/w", "upperdir=/u", "lowerdir=/l"]);
        var readOnly = new Mount("overlay", "overlay", ["lowerdir=/a:/b"]);
        var bind = new Mount("bind", "/src", ["rbind", "ro"]);

        var once = VolatileOverlay.Apply([writable, readOnly, bind]);
        var twice = VolatileOverlay.Apply(once);

        Assert.True(VolatileOverlay.Supported, "this host's kernel is 5.10 or later: the option must be used");
        Assert.Equal([.. writable.Options, "volatile"], once[0].Options);
        Assert.Equal(readOnly, once[1]);
        Assert.Equal(bind, once[2]);
        Assert.Equal(once[0].Options, twice[0].Options);
    }

    [Fact]
    public async Task A_layer_mounted_volatile_can_be_mounted_again_after_its_unmount()
    {
        foreach (var dir in new[] { "lower", "upper", "work", "target" }) Directory.CreateDirectory(_temp.Join(dir));
        await File.WriteAllTextAsync(_temp.Join("lower/a"), "from the lower layer");
        var mounts = new[] { new Mount("overlay", "overlay", [$"workdir={_temp.Join("work")}", $"upperdir={_temp.Join("upper")}", $"lowerdir={_temp.Join("lower")}"]) };
        var mounter = new KernelMounter();
        var target = _temp.Join("target");
        try
        {
            await mounter.MountAsync(VolatileOverlay.Apply(mounts), target);
            await File.WriteAllTextAsync(Path.Join(target, "b"), "written through the volatile mount");
            await mounter.UnmountAsync(target);
            // The kernel leaves its mark, and would refuse the next mount of this upper while it is there.
            Assert.True(Directory.Exists(_temp.Join("work/work/incompat/volatile")));

            await mounter.MountAsync(mounts, target);

            Assert.Equal("from the lower layer", await File.ReadAllTextAsync(Path.Join(target, "a")));
            Assert.Equal("written through the volatile mount", await File.ReadAllTextAsync(Path.Join(target, "b")));
        }
        finally
        {
            await mounter.UnmountAsync(target);
        }
    }

    public void Dispose() => _temp.Dispose();
}
