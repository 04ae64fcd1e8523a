using Berth.Oci;
using Berth.Storage.Mounting;

namespace Berth.Storage.Tests.Mounting;

public sealed class MountPlannerTests
{
    [Fact]
    public void Read_write_rbind_is_one_recursive_bind()
    {
        var call = Assert.Single(MountPlanner.Plan(new Mount("bind", "/src", ["rbind", "rw"]), "/dst", 4096));
        Assert.Equal(new MountCall("/src", "/dst", null, MountFlags.Bind | MountFlags.Recursive, null), call);
    }

    [Fact]
    public void Read_only_bind_remounts_to_take_the_flags()
    {
        var calls = MountPlanner.Plan(new Mount("bind", "/src", ["ro", "rbind", "nosuid"]), "/dst", 4096);
        Assert.Equal(2, calls.Count);
        Assert.Equal(MountFlags.Bind | MountFlags.Recursive | MountFlags.ReadOnly | MountFlags.NoSuid, calls[0].Flags);
        Assert.Equal(new MountCall(null, "/dst", null, MountFlags.Remount | MountFlags.Bind | MountFlags.ReadOnly | MountFlags.NoSuid, null), calls[1]);
    }

    [Fact]
    public void Bind_option_makes_a_bind_whatever_the_type()
    {
        var call = Assert.Single(MountPlanner.Plan(new Mount("none", "/src", ["bind"]), "/dst", 4096));
        Assert.Equal(MountFlags.Bind, call.Flags);
        Assert.Null(call.Type);
    }

    [Fact]
    public void Words_become_flags_and_the_rest_data_in_order()
    {
        var call = Assert.Single(MountPlanner.Plan(new Mount("tmpfs", "tmpfs", ["nodev", "size=64m", "noexec", "mode=755", "exec", "ro", "rw"]), "/t", 4096));
        Assert.Equal("tmpfs", call.Type);
        Assert.Equal(MountFlags.NoDev, call.Flags);
        Assert.Equal("size=64m,mode=755", call.Data);
    }

    [Fact]
    public void Propagation_is_a_call_of_its_own()
    {
        var calls = MountPlanner.Plan(new Mount("bind", "/src", ["rbind", "rprivate"]), "/dst", 4096);
        Assert.Equal(2, calls.Count);
        Assert.Equal(new MountCall(null, "/dst", null, MountFlags.Private | MountFlags.Recursive, null), calls[1]);
    }

    [Fact]
    public void Short_overlay_data_stays_absolute()
    {
        var call = Assert.Single(MountPlanner.Plan(new Mount("overlay", "overlay", ["lowerdir=/r/snapshots/2/fs:/r/snapshots/1/fs"]), "/m", 4096));
        Assert.Equal("lowerdir=/r/snapshots/2/fs:/r/snapshots/1/fs", call.Data);
        Assert.Null(call.WorkingDirectory);
    }

    [Fact]
    public void Long_lowerdir_list_becomes_relative_to_its_common_directory()
    {
        var root = "/var/lib/berth/storage/overlay-with-a-rather-long-data-root-name/snapshots";
        var lowers = Enumerable.Range(1, 100).Reverse().Select(id => $"{root}/{id}/fs").ToList();
        var options = new[] { "index=off", $"workdir={root}/101/work", $"upperdir={root}/101/fs", $"lowerdir={string.Join(':', lowers)}" };

        var call = Assert.Single(MountPlanner.Plan(new Mount("overlay", "overlay", options), "/m", 4096));

        Assert.Equal(root, call.WorkingDirectory);
        Assert.True(call.Data!.Length < 4096);
        Assert.EndsWith($"lowerdir={string.Join(':', Enumerable.Range(1, 100).Reverse().Select(id => $"{id}/fs"))}", call.Data, StringComparison.Ordinal);
        Assert.StartsWith($"index=off,workdir={root}/101/work,upperdir={root}/101/fs,", call.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_too_long_even_relative_is_refused()
    {
        var lowers = Enumerable.Range(1, 600).Select(id => $"/{id}/a-long-layer-directory-name/fs");
        var error = Assert.Throws<BerthException>(() =>
            MountPlanner.Plan(new Mount("overlay", "overlay", [$"lowerdir={string.Join(':', lowers)}"]), "/m", 4096));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData(new[] { "/a/b/1/fs", "/a/b/2/fs" }, "/a/b", "1/fs:2/fs")]
    [InlineData(new[] { "/a/b12/fs", "/a/b1/fs" }, "/a", "b12/fs:b1/fs")]
    [InlineData(new[] { "/x/fs", "/y/fs" }, "/", "x/fs:y/fs")]
    [InlineData(new[] { "/a/b/fs" }, "/a/b", "fs")]
    public void Common_directory_is_cut_at_whole_components(string[] lowers, string directory, string relative)
    {
        var (options, workingDirectory) = OverlayLowerdirs.Compact([$"lowerdir={string.Join(':', lowers)}"]);
        Assert.Equal(directory, workingDirectory);
        Assert.Equal($"lowerdir={relative}", Assert.Single(options));
    }
}
