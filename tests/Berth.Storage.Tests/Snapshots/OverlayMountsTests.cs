using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Berth.Storage.Tests.Mounting;

namespace Berth.Storage.Tests.Snapshots;

/// <summary>What the overlay snapshotter asks to mount, checked without mounting (RecordingMounter).</summary>
public sealed class OverlayMountsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly OverlaySnapshotter _snapshotter;
    private readonly RecordingMounter _mounter = new();

    public OverlayMountsTests() => _snapshotter = new OverlaySnapshotter(_temp.Join("root"), new OverlayFeatures(["index=off"]));

    private string Fs(int id) => _temp.Join($"root/snapshots/{id}/fs");

    [Fact]
    public async Task Active_without_parent_is_a_read_write_bind()
    {
        var mount = Assert.Single(await _snapshotter.PrepareAsync("a", null));
        Assert.Equal(("bind", Fs(1)), (mount.Type, mount.Source));
        Assert.Equal(["rbind", "rw"], mount.Options);
    }

    [Fact]
    public async Task Active_with_parents_stacks_them_nearest_first()
    {
        await CommitChainAsync(2);
        var mount = Assert.Single(await _snapshotter.PrepareAsync("top", "layer-2"));
        Assert.Equal("overlay", mount.Type);
        Assert.Equal(["index=off", $"workdir={_temp.Join("root/snapshots/3/work")}", $"upperdir={Fs(3)}", $"lowerdir={Fs(2)}:{Fs(1)}"], mount.Options);
        Assert.True(Directory.Exists(_temp.Join("root/snapshots/3/work")));
    }

    [Fact]
    public async Task View_of_one_layer_is_a_read_only_bind_of_it()
    {
        await CommitChainAsync(1);
        var mount = Assert.Single(await _snapshotter.ViewAsync("v", "layer-1"));
        Assert.Equal("bind", mount.Type);
        Assert.Equal(Fs(1), mount.Source);
        Assert.Equal(["rbind", "ro"], mount.Options);
    }

    [Fact]
    public async Task View_of_a_chain_is_an_overlay_without_upper()
    {
        await CommitChainAsync(3);
        var mount = Assert.Single(await _snapshotter.ViewAsync("v", "layer-3"));
        Assert.Equal(["index=off", $"lowerdir={Fs(3)}:{Fs(2)}:{Fs(1)}"], mount.Options);
        Assert.False(Directory.Exists(_temp.Join("root/snapshots/4/work")));
    }

    [Fact]
    public async Task Sixty_layers_mount_from_the_snapshots_directory_with_short_relative_lowerdirs()
    {
        await CommitChainAsync(60);
        var mounts = await _snapshotter.PrepareAsync("top", "layer-60");
        Assert.True(mounts[0].Option("lowerdir")!.Length > 4096, "the absolute lowerdir list should overflow a page");

        await _mounter.MountAsync(mounts, "/mnt/top");

        var call = Assert.Single(_mounter.Calls);
        Assert.Equal("overlay", call.Type);
        Assert.Equal(_temp.Join("root/snapshots"), call.WorkingDirectory);
        Assert.True(call.Data!.Length < 4096);
        Assert.EndsWith($"lowerdir={string.Join(':', Enumerable.Range(1, 60).Reverse().Select(id => $"{id}/fs"))}", call.Data, StringComparison.Ordinal);
        Assert.Contains($"upperdir={Fs(61)}", call.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_turn_off_what_the_module_knows()
    {
        using var parameters = new TempDirectory();
        File.WriteAllText(parameters.Join("index"), "Y");
        File.WriteAllText(parameters.Join("redirect_dir"), "N");
        Assert.Equal(["index=off", "redirect_dir=off"], OverlayFeatures.Probe(parameters.Path).Options);
    }

    public void Dispose()
    {
        _snapshotter.Dispose();
        _temp.Dispose();
    }

    private async Task CommitChainAsync(int layers)
    {
        string? parent = null;
        for (var i = 1; i <= layers; i++)
        {
            await _snapshotter.PrepareAsync($"extract-{i}", parent);
            await _snapshotter.CommitAsync($"layer-{i}", $"extract-{i}");
            parent = $"layer-{i}";
        }
    }
}
