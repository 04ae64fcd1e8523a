using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Berth.Images.Layers;
using Berth.Oci;
using Berth.Storage.Interop;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Berth.Storage.Trees;

namespace Berth.Storage.Tests.Snapshots;

/// <summary>
/// What every snapshotter must do, with real mounts (KernelMounter) on a temp root, as containerd's
/// SnapshotterSuite checks it. One subclass per snapshotter. Every mount a test makes is taken off in
/// <see cref="DisposeAsync"/>, whatever the test did, before the temp root goes.
/// </summary>
public abstract class SnapshotterConformanceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly KernelMounter _mounter = new();
    private readonly List<string> _mounted = [];
    private int _targets;

    protected SnapshotterConformanceTests() => Snapshotter = Snapshotters.Open(Name, Root);

    /// <summary>The snapshotter's name for <see cref="Snapshotters.Open"/>.</summary>
    protected abstract string Name { get; }

    private protected ILayerSnapshotter Snapshotter { get; private set; }

    private string Root => _temp.Join("root");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _mounted.Count - 1; i >= 0; i--)
        {
            await _mounter.UnmountAsync(_mounted[i]);
        }
        Snapshotter.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Diff_of_an_untouched_snapshot_is_an_empty_but_valid_tar()
    {
        await Snapshotter.PrepareAsync("untouched", null);
        using var tar = new MemoryStream();
        var diff = await Snapshotter.WriteDiffAsync("untouched", tar);
        // Two zero blocks: what an empty archive is, and what a commit of an unchanged container stores.
        Assert.Equal(new byte[1024], tar.ToArray());
        Assert.Equal(1024, diff.Size);
        Assert.Empty(await EntryNamesAsync(tar.ToArray()));
    }

    [Fact]
    public async Task Prepare_without_parent_is_an_empty_writable_snapshot()
    {
        var target = await MountAsync(await Snapshotter.PrepareAsync("empty", null));
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        await File.WriteAllTextAsync(Path.Join(target, "hello"), "world");
        await UnmountAsync(target);

        var info = await Snapshotter.StatAsync("empty");
        Assert.Equal(("empty", null, SnapshotKind.Active), (info.Name, info.Parent, info.Kind));
        Assert.Equal("world", await File.ReadAllTextAsync(Path.Join(await MountAsync(await Snapshotter.MountsAsync("empty")), "hello")));
    }

    [Fact]
    public async Task A_chain_shows_lower_files_and_writes_land_only_on_top()
    {
        await CommitLayerAsync("layer-1", null, root =>
        {
            File.WriteAllText(Path.Join(root, "a"), "one");
            Directory.CreateDirectory(Path.Join(root, "dir"));
            File.WriteAllText(Path.Join(root, "dir", "x"), "x");
        });
        await CommitLayerAsync("layer-2", "layer-1", root => File.WriteAllText(Path.Join(root, "b"), "two"));

        var top = await MountAsync(await Snapshotter.PrepareAsync("container", "layer-2"));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(top, "a")));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Join(top, "b")));
        Assert.Equal("x", await File.ReadAllTextAsync(Path.Join(top, "dir", "x")));
        await File.WriteAllTextAsync(Path.Join(top, "a"), "changed");
        await File.WriteAllTextAsync(Path.Join(top, "c"), "new");
        File.Delete(Path.Join(top, "dir", "x"));
        await UnmountAsync(top);

        var view = await MountAsync(await Snapshotter.ViewAsync("look", "layer-2"));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(view, "a")));
        Assert.False(File.Exists(Path.Join(view, "c")));
        Assert.True(File.Exists(Path.Join(view, "dir", "x")));
        Assert.Equal("container", (await Snapshotter.StatAsync("container")).Name);
        Assert.Equal(("layer-2", SnapshotKind.View), ((await Snapshotter.StatAsync("look")).Parent, (await Snapshotter.StatAsync("look")).Kind));
    }

    [Fact]
    public async Task Views_are_read_only()
    {
        await CommitLayerAsync("layer-1", null, root => File.WriteAllText(Path.Join(root, "a"), "one"));
        await CommitLayerAsync("layer-2", "layer-1", root => File.WriteAllText(Path.Join(root, "b"), "two"));
        foreach (var (key, parent) in new[] { ("one-parent", "layer-1"), ("two-parents", "layer-2") })
        {
            var view = await MountAsync(await Snapshotter.ViewAsync(key, parent));
            Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(view, "a")));
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Join(view, "new"), "no"));
            Assert.False(File.Exists(Path.Join(view, "new")));
        }
    }

    [Fact]
    public async Task Operations_on_the_wrong_snapshot_fail_with_their_kind()
    {
        await CommitLayerAsync("layer-1", null, _ => { });
        await Snapshotter.PrepareAsync("active", "layer-1");
        await Snapshotter.ViewAsync("view", "layer-1");

        await AssertKind(ErrorKind.Conflict, () => Snapshotter.PrepareAsync("active", null));
        await AssertKind(ErrorKind.Conflict, () => Snapshotter.ViewAsync("layer-1", null));
        await AssertKind(ErrorKind.NotFound, () => Snapshotter.PrepareAsync("other", "missing"));
        await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.PrepareAsync("other", "active"));
        await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.CommitAsync("name", "view"));
        await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.CommitAsync("name", "layer-1"));
        await AssertKind(ErrorKind.Conflict, () => Snapshotter.CommitAsync("layer-1", "active"));
        await AssertKind(ErrorKind.NotFound, () => Snapshotter.CommitAsync("name", "missing"));
        await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.MountsAsync("layer-1"));
        await AssertKind(ErrorKind.NotFound, () => Snapshotter.StatAsync("missing"));
        await AssertKind(ErrorKind.NotFound, () => Snapshotter.RemoveAsync("missing"));
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task A_parent_goes_only_after_its_children()
    {
        await CommitLayerAsync("layer-1", null, root => File.WriteAllText(Path.Join(root, "a"), "one"));
        await CommitLayerAsync("layer-2", "layer-1", _ => { });
        await Snapshotter.ViewAsync("view", "layer-2");

        await AssertKind(ErrorKind.Conflict, () => Snapshotter.RemoveAsync("layer-1"));
        await AssertKind(ErrorKind.Conflict, () => Snapshotter.RemoveAsync("layer-2"));
        await Snapshotter.RemoveAsync("view");
        await Snapshotter.RemoveAsync("layer-2");
        await Snapshotter.RemoveAsync("layer-1");

        await AssertKind(ErrorKind.NotFound, () => Snapshotter.StatAsync("layer-1"));
        Assert.Equal(0, await CountAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(Root, "snapshots")));
    }

    [Fact]
    public async Task Walk_lists_every_snapshot_parents_first()
    {
        await CommitLayerAsync("layer-1", null, _ => { });
        await CommitLayerAsync("layer-2", "layer-1", _ => { });
        await Snapshotter.PrepareAsync("active", "layer-2");
        await Snapshotter.ViewAsync("view", "layer-1");

        var all = new List<SnapshotInfo>();
        await foreach (var info in Snapshotter.WalkAsync())
        {
            all.Add(info);
        }

        Assert.Equal(
            [("layer-1", null, SnapshotKind.Committed), ("layer-2", "layer-1", SnapshotKind.Committed), ("active", "layer-2", SnapshotKind.Active), ("view", "layer-1", SnapshotKind.View)],
            all.Select(info => (info.Name, info.Parent, info.Kind)));
        Assert.All(all, info => Assert.InRange(info.Created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_layer_prepared_on_nothing_commits_onto_a_parent_only_where_snapshots_hold_their_own_changes()
    {
        Assert.Equal(Name == Snapshotters.Overlay, Snapshotter.CanCommitOntoParent);
        // The upper is made before its parent, as a parallel unpack does: the younger parent must still walk first.
        var upper = await MountAsync(await Snapshotter.PrepareAsync("extract-upper", null));
        await File.WriteAllTextAsync(Path.Join(upper, "b"), "two");
        await UnmountAsync(upper);
        await CommitLayerAsync("layer-1", null, root => File.WriteAllText(Path.Join(root, "a"), "one"));
        await Snapshotter.PrepareAsync("on-a-parent", "layer-1");

        if (!Snapshotter.CanCommitOntoParent)
        {
            await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.CommitAsync("layer-2", "extract-upper", "layer-1"));
            Assert.Equal(SnapshotKind.Active, (await Snapshotter.StatAsync("extract-upper")).Kind);
            return;
        }
        await AssertKind(ErrorKind.NotFound, () => Snapshotter.CommitAsync("layer-2", "extract-upper", "missing"));
        await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.CommitAsync("layer-2", "extract-upper", "on-a-parent"));
        await AssertKind(ErrorKind.InvalidArgument, () => Snapshotter.CommitAsync("layer-3", "on-a-parent", "layer-1"));
        await Snapshotter.CommitAsync("layer-2", "extract-upper", "layer-1");

        var view = await MountAsync(await Snapshotter.ViewAsync("look", "layer-2"));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(view, "a")));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Join(view, "b")));
        var all = new List<SnapshotInfo>();
        await foreach (var info in Snapshotter.WalkAsync()) all.Add(info);
        Assert.Equal([("layer-1", null), ("layer-2", "layer-1"), ("on-a-parent", "layer-1"), ("look", "layer-2")], all.Select(info => (info.Name, info.Parent)));
        await AssertKind(ErrorKind.Conflict, () => Snapshotter.RemoveAsync("layer-1"));
    }

    [Fact]
    public async Task Usage_counts_blocks_and_inodes_once_per_hard_link()
    {
        await CommitLayerAsync("layer-1", null, root =>
        {
            File.WriteAllBytes(Path.Join(root, "big"), new byte[1 << 20]);
            FileCalls.HardLink(Path.Join(root, "big"), Path.Join(root, "big-again"));
            Directory.CreateDirectory(Path.Join(root, "dir"));
        });

        var usage = await Snapshotter.UsageAsync("layer-1");

        Assert.Equal(3, usage.Inodes); // the root, dir, and big with its second name
        Assert.InRange(usage.Size, 1 << 20, (1 << 20) + (64 << 10));
    }

    [Fact]
    public async Task Usage_of_an_active_snapshot_follows_its_writes_and_a_new_layer_under_an_old_name_is_measured_afresh()
    {
        await CommitLayerAsync("layer-1", null, root => File.WriteAllBytes(Path.Join(root, "small"), new byte[4096]));
        Assert.InRange((await Snapshotter.UsageAsync("layer-1")).Size, 4096, 4096 + (64 << 10));

        await Snapshotter.RemoveAsync("layer-1");
        await CommitLayerAsync("layer-1", null, root => File.WriteAllBytes(Path.Join(root, "big"), new byte[1 << 20]));
        Assert.InRange((await Snapshotter.UsageAsync("layer-1")).Size, 1 << 20, (1 << 20) + (64 << 10));

        var target = await MountAsync(await Snapshotter.PrepareAsync("active", "layer-1"));
        var before = await Snapshotter.UsageAsync("active");
        try
        {
            await File.WriteAllBytesAsync(Path.Join(target, "written"), new byte[1 << 20]);
        }
        finally
        {
            await UnmountAsync(target);
        }
        Assert.True((await Snapshotter.UsageAsync("active")).Size >= before.Size + (1 << 20));
    }

    [Fact]
    public async Task Snapshots_survive_reopening_and_crash_leftovers_go()
    {
        await CommitLayerAsync("layer-1", null, root => File.WriteAllText(Path.Join(root, "a"), "one"));
        await Snapshotter.PrepareAsync("active", "layer-1");
        Snapshotter.Dispose();
        Directory.CreateDirectory(Path.Join(Root, "snapshots", "new-interrupted", "fs"));
        Directory.CreateDirectory(Path.Join(Root, "snapshots", "99", "fs"));

        Snapshotter = Snapshotters.Open(Name, Root);

        Assert.Equal(SnapshotKind.Committed, (await Snapshotter.StatAsync("layer-1")).Kind);
        Assert.Equal("layer-1", (await Snapshotter.StatAsync("active")).Parent);
        Assert.Equal(2, await CountAsync());
        Assert.False(Directory.Exists(Path.Join(Root, "snapshots", "new-interrupted")));
        Assert.False(Directory.Exists(Path.Join(Root, "snapshots", "99")));
        var target = await MountAsync(await Snapshotter.MountsAsync("active"));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(target, "a")));
    }

    [Fact]
    public async Task A_chain_of_sixty_layers_mounts()
    {
        string? parent = null;
        for (var i = 0; i < 60; i++)
        {
            var layer = i;
            await CommitLayerAsync($"layer-{i}", parent, root =>
            {
                File.WriteAllText(Path.Join(root, $"file-{layer}"), $"{layer}");
                File.WriteAllText(Path.Join(root, "latest"), $"{layer}");
            });
            parent = $"layer-{i}";
        }

        var mounts = await Snapshotter.PrepareAsync("container", parent);
        var target = await MountAsync(mounts);

        Assert.Equal("59", await File.ReadAllTextAsync(Path.Join(target, "latest")));
        Assert.Equal(61, Directory.EnumerateFiles(target).Count());
        await File.WriteAllTextAsync(Path.Join(target, "written"), "on top");
        Assert.Equal("on top", await File.ReadAllTextAsync(Path.Join(target, "written")));
    }

    [Fact]
    public async Task A_diff_applied_onto_the_parent_gives_the_snapshot()
    {
        var time = DateTimeOffset.UnixEpoch.AddSeconds(1_600_000_000).AddTicks(1234567);
        await CommitLayerAsync("base", null, root =>
        {
            File.WriteAllText(Path.Join(root, "keep"), "kept");
            File.WriteAllText(Path.Join(root, "delete-me"), "gone soon");
            Directory.CreateDirectory(Path.Join(root, "replaced"));
            File.WriteAllText(Path.Join(root, "replaced", "old-1"), "1");
            File.WriteAllText(Path.Join(root, "replaced", "old-2"), "2");
            Directory.CreateDirectory(Path.Join(root, "etc"));
            File.WriteAllText(Path.Join(root, "etc", "config"), "v1");
            File.WriteAllText(Path.Join(root, "etc", "other"), "unchanged");
        });

        var top = await MountAsync(await Snapshotter.PrepareAsync("work", "base"));
        File.Delete(Path.Join(top, "delete-me"));
        Directory.Delete(Path.Join(top, "replaced"), recursive: true);
        Directory.CreateDirectory(Path.Join(top, "replaced"));
        File.WriteAllText(Path.Join(top, "replaced", "new"), "new");
        File.WriteAllText(Path.Join(top, "etc", "config"), "v2");
        var tool = Path.Join(top, "tool");
        File.WriteAllText(tool, "#!/bin/sh\n");
        FileCalls.Lchown(tool, 1000, 1001);
        File.SetUnixFileMode(tool, (UnixFileMode)0x9ED); // setuid + 0755
        FileCalls.SetXattr(tool, "user.text", "hello"u8);
        FileCalls.SetXattr(tool, "user.binary", new byte[] { 0x01, 0x00, 0x00, 0x02, 0xFF, 0x80, 0xC3 });
        FileCalls.HardLink(tool, Path.Join(top, "tool-link"));
        File.CreateSymbolicLink(Path.Join(top, "link"), "keep");
        FileCalls.Mknod(Path.Join(top, "null"), FileStatus.CharDevice | 0x1B6, 1, 3);
        FileCalls.Mknod(Path.Join(top, "pipe"), FileStatus.Fifo | 0x1A4, 0, 0);
        foreach (var path in new[] { "tool", "link", "null", "pipe", "replaced/new", "etc/config" })
        {
            FileCalls.SetTimes(Path.Join(top, path), time.ToUnixTimeSeconds(), 123456700);
        }
        await UnmountAsync(top);

        using var tar = new MemoryStream();
        var diff = await Snapshotter.WriteDiffAsync("work", tar);
        Assert.Equal(tar.Length, diff.Size);
        Assert.Equal(Digest.FromHash(SHA256.HashData(tar.ToArray())), diff.DiffId);
        var again = await Snapshotter.WriteDiffAsync("work", Stream.Null);
        Assert.Equal(diff, again);

        var names = await EntryNamesAsync(tar.ToArray());
        Assert.Contains(".wh.delete-me", names);
        Assert.Contains("etc/config", names);
        Assert.DoesNotContain("etc/other", names);
        Assert.DoesNotContain("keep", names);
        AssertReplacedDirectory(names);

        using var applied = new TempDirectory();
        var parent = await MountAsync(await Snapshotter.ViewAsync("parent", "base"));
        TreeCopier.Copy(parent, applied.Path, CancellationToken.None);
        tar.Position = 0;
        await LayerApplier.ApplyAsync(tar, applied.Path, CancellationToken.None);

        var expected = await MountAsync(await Snapshotter.MountsAsync("work"));
        TreeAssert.Equal(expected, applied.Path);
        Assert.Equal(FileCalls.LstatExisting(Path.Join(applied.Path, "tool")).Inode, FileCalls.LstatExisting(Path.Join(applied.Path, "tool-link")).Inode);
    }

    [Fact]
    public async Task A_diff_without_parent_holds_everything()
    {
        var target = await MountAsync(await Snapshotter.PrepareAsync("first", null));
        Directory.CreateDirectory(Path.Join(target, "bin"));
        File.WriteAllText(Path.Join(target, "bin", "sh"), "shell");
        await UnmountAsync(target);

        using var tar = new MemoryStream();
        await Snapshotter.WriteDiffAsync("first", tar);

        Assert.Equal(["bin/", "bin/sh"], await EntryNamesAsync(tar.ToArray()));
    }

    /// <summary>How a directory removed and made again shows in the diff: the snapshotters say it differently.</summary>
    private protected abstract void AssertReplacedDirectory(IReadOnlyList<string> names);

    private protected async Task<string> MountAsync(IReadOnlyList<Mount> mounts)
    {
        var target = _temp.Join($"mnt-{_targets++}");
        Directory.CreateDirectory(target);
        await _mounter.MountAsync(mounts, target);
        _mounted.Add(target);
        return target;
    }

    private async Task UnmountAsync(string target)
    {
        await _mounter.UnmountAsync(target);
        _mounted.Remove(target);
    }

    /// <summary>Prepares, mounts, lets <paramref name="write"/> fill it, unmounts and commits as <paramref name="name"/>.</summary>
    private async Task CommitLayerAsync(string name, string? parent, Action<string> write)
    {
        var key = $"extract-{name}";
        var target = await MountAsync(await Snapshotter.PrepareAsync(key, parent));
        try
        {
            write(target);
        }
        finally
        {
            await UnmountAsync(target);
        }
        await Snapshotter.CommitAsync(name, key);
    }

    private async Task<int> CountAsync()
    {
        var count = 0;
        await foreach (var _ in Snapshotter.WalkAsync())
        {
            count++;
        }
        return count;
    }

    private static async Task AssertKind(ErrorKind kind, Func<Task> action) =>
        Assert.Equal(kind, (await Assert.ThrowsAsync<BerthException>(action)).Kind);

    private static async Task<List<string>> EntryNamesAsync(byte[] tar)
    {
        var names = new List<string>();
        await using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }
        return names;
    }
}

public sealed class OverlaySnapshotterTests : SnapshotterConformanceTests
{
    protected override string Name => Snapshotters.Overlay;

    private protected override void AssertReplacedDirectory(IReadOnlyList<string> names)
    {
        Assert.Contains("replaced/.wh..wh..opq", names);
        Assert.DoesNotContain("replaced/.wh.old-1", names);
    }
}

public sealed class NativeSnapshotterTests : SnapshotterConformanceTests
{
    protected override string Name => Snapshotters.Native;

    // A copy has no memory of the directory being replaced: what went is whited out name by name.
    private protected override void AssertReplacedDirectory(IReadOnlyList<string> names)
    {
        Assert.Contains("replaced/.wh.old-1", names);
        Assert.Contains("replaced/.wh.old-2", names);
    }
}
