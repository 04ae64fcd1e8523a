using Berth.Engine.Snapshots;
using Berth.Images.Content;
using Berth.Oci;
using Berth.Storage;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Snapshots;

/// <summary>
/// <see cref="LayerUnpacker"/> and <see cref="SnapshotCollector"/> over a real snapshotter with real mounts
/// (KernelMounter) on a temp root; one subclass per snapshotter. Every mount a test makes is taken off in
/// <see cref="DisposeAsync"/>, which then fails the test if anything under the temp root is still mounted.
/// </summary>
public abstract class UnpackerSuite : IAsyncLifetime
{
    private readonly string _temp = Path.Join(Path.GetTempPath(), $"berth-unpack-{Guid.NewGuid():N}");
    private readonly KernelMounter _mounter = new();
    private readonly List<string> _mounted = [];
    private readonly KeyedLock<Digest> _locks = new();

    protected UnpackerSuite()
    {
        Content = new ContentStore(Path.Join(_temp, "content"));
        Snapshotter = Snapshotters.Open(Name, SnapshotterRoot);
        Unpacker = new LayerUnpacker(Snapshotter, _mounter, Content, SnapshotterRoot, _locks, NullLogger<LayerUnpacker>.Instance);
        Collector = new SnapshotCollector(Snapshotter, _locks, NullLogger<SnapshotCollector>.Instance);
    }

    /// <summary>The snapshotter's name for <see cref="Snapshotters.Open"/>.</summary>
    protected abstract string Name { get; }

    private protected string SnapshotterRoot => Path.Join(_temp, "snapshots");
    private protected ContentStore Content { get; }
    private protected ILayerSnapshotter Snapshotter { get; }
    private protected LayerUnpacker Unpacker { get; }
    private protected SnapshotCollector Collector { get; }

    // Layer 1 holds files that layer 2 changes, deletes (whiteout) and adds to; layer 3 is another top on layer 1.
    private protected static TestLayer Base { get; } = TestLayer.Of(("etc/", ""), ("etc/keep", "keep"), ("gone", "from layer 1"), ("shared", "one"));
    private protected static TestLayer Top { get; } = TestLayer.Gzipped(("shared", "two"), (".wh.gone", ""), ("etc/", ""), ("etc/new", "new"));
    private protected static TestLayer OtherTop { get; } = TestLayer.Of(("other", "three"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _mounted.Count - 1; i >= 0; i--)
        {
            await _mounter.UnmountAsync(_mounted[i]);
        }
        var leftover = (await File.ReadAllLinesAsync("/proc/self/mountinfo")).Where(line => line.Contains(_temp, StringComparison.Ordinal)).ToList();
        Snapshotter.Dispose();
        if (leftover.Count == 0)
        {
            Directory.Delete(_temp, recursive: true);
        }
        Assert.Empty(leftover);
    }

    [Fact]
    public async Task A_two_layer_image_unpacks_to_a_chain_whose_view_shows_the_merged_tree()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base, Top]);

        var image = await Unpacker.UnpackAsync(manifest, config, CancellationToken.None);

        var chain = ChainId.Chain([Base.DiffId, Top.DiffId]);
        Assert.Equal(chain[1], image.TopChainId);
        Assert.Equal([(chain[0], Base.DiffId, true), (chain[1], Top.DiffId, true)], image.Layers.Select(layer => (layer.ChainId, layer.DiffId, layer.Extracted)));
        Assert.All(image.Layers, layer => Assert.True(layer.Size > 0));
        Assert.Equal([(chain[0].ToString(), (string?)null), (chain[1].ToString(), chain[0].ToString())], await CommittedAsync());

        var view = await MountViewAsync(chain[1]);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Join(view, "shared")));
        Assert.Equal("keep", await File.ReadAllTextAsync(Path.Join(view, "etc", "keep")));
        Assert.Equal("new", await File.ReadAllTextAsync(Path.Join(view, "etc", "new")));
        Assert.False(File.Exists(Path.Join(view, "gone")), "layer 2's whiteout should hide layer 1's file");
        Assert.False(File.Exists(Path.Join(view, ".wh.gone")), "a whiteout is never a file of the tree");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(SnapshotterRoot, "unpack")));
    }

    [Fact]
    public async Task An_image_sharing_the_base_layer_reuses_its_snapshot()
    {
        var (firstManifest, firstConfig) = await TestLayer.StoreImageAsync(Content, [Base, Top]);
        var (secondManifest, secondConfig) = await TestLayer.StoreImageAsync(Content, [Base, OtherTop]);
        var first = await Unpacker.UnpackAsync(firstManifest, firstConfig, CancellationToken.None);
        var baseCreated = (await Snapshotter.StatAsync(first.Layers[0].ChainId.ToString())).Created;

        var second = await Unpacker.UnpackAsync(secondManifest, secondConfig, CancellationToken.None);

        Assert.Equal([false, true], second.Layers.Select(layer => layer.Extracted));
        Assert.Equal(first.Layers[0], second.Layers[0] with { Extracted = true });
        Assert.Equal(baseCreated, (await Snapshotter.StatAsync(first.Layers[0].ChainId.ToString())).Created);
        Assert.Equal(3, (await CommittedAsync()).Count);
        var view = await MountViewAsync(second.TopChainId!.Value);
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(view, "shared")));
        Assert.Equal("from layer 1", await File.ReadAllTextAsync(Path.Join(view, "gone")));
        Assert.Equal("three", await File.ReadAllTextAsync(Path.Join(view, "other")));

        // Unpacking an image whose layers all exist again extracts nothing.
        Assert.All((await Unpacker.UnpackAsync(firstManifest, firstConfig, CancellationToken.None)).Layers, layer => Assert.False(layer.Extracted));
    }

    [Fact]
    public async Task A_layer_whose_content_does_not_match_its_diff_id_fails_and_leaves_no_snapshot()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Top], diffIds: [Base.DiffId]);

        var error = await Assert.ThrowsAsync<BerthException>(() => Unpacker.UnpackAsync(manifest, config, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(Base.DiffId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(await AllAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(SnapshotterRoot, "unpack")));
    }

    [Fact]
    public async Task Manifest_and_config_must_agree_on_the_number_of_layers()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base, Top], diffIds: [Base.DiffId]);
        var error = await Assert.ThrowsAsync<BerthException>(() => Unpacker.UnpackAsync(manifest, config, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task Concurrent_unpacks_of_one_image_both_succeed_and_extract_each_layer_once()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base, Top]);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Unpacker.UnpackAsync(manifest, config, CancellationToken.None))));

        Assert.Single(results.Select(result => result.TopChainId).Distinct());
        Assert.Equal(1, results.Count(result => result.Layers[0].Extracted));
        Assert.Equal(1, results.Count(result => result.Layers[1].Extracted));
        Assert.Equal(2, (await AllAsync()).Count);
    }

    [Fact]
    public async Task The_collector_removes_an_unused_image_s_own_layer_and_keeps_the_shared_base()
    {
        var (firstManifest, firstConfig) = await TestLayer.StoreImageAsync(Content, [Base, Top]);
        var (secondManifest, secondConfig) = await TestLayer.StoreImageAsync(Content, [Base, OtherTop]);
        var first = await Unpacker.UnpackAsync(firstManifest, firstConfig, CancellationToken.None);
        var second = await Unpacker.UnpackAsync(secondManifest, secondConfig, CancellationToken.None);

        // The first image is gone; only the second is still needed.
        var removed = await Collector.CollectAsync(SnapshotCollector.NeededBy([secondConfig]), CancellationToken.None);

        Assert.Equal([first.TopChainId!.Value], removed);
        Assert.Equal([second.Layers[0].ChainId.ToString(), second.TopChainId!.Value.ToString()], (await CommittedAsync()).Select(row => row.Name));
        Assert.Empty(await Collector.CollectAsync(SnapshotCollector.NeededBy([secondConfig]), CancellationToken.None));
    }

    [Fact]
    public async Task The_collector_keeps_a_layer_that_a_container_stands_on_and_so_its_parents()
    {
        var (firstManifest, firstConfig) = await TestLayer.StoreImageAsync(Content, [Base, Top]);
        var (secondManifest, secondConfig) = await TestLayer.StoreImageAsync(Content, [Base, OtherTop]);
        var first = await Unpacker.UnpackAsync(firstManifest, firstConfig, CancellationToken.None);
        var second = await Unpacker.UnpackAsync(secondManifest, secondConfig, CancellationToken.None);
        await Snapshotter.PrepareAsync("container", first.TopChainId!.Value.ToString());

        var removed = await Collector.CollectAsync(new HashSet<Digest>(), CancellationToken.None);

        Assert.Equal([second.TopChainId!.Value], removed);
        Assert.Equal([first.Layers[0].ChainId.ToString(), first.TopChainId!.Value.ToString()], (await CommittedAsync()).Select(row => row.Name));

        // Once the container is gone, everything unneeded goes, children before parents, in one pass.
        await Snapshotter.RemoveAsync("container");
        Assert.Equal([first.TopChainId!.Value, first.Layers[0].ChainId], await Collector.CollectAsync(new HashSet<Digest>(), CancellationToken.None));
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task Recovery_removes_what_an_interrupted_unpack_left()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base]);
        var mounts = await Snapshotter.PrepareAsync("extract-left-by-a-crash", null);
        var scratch = Path.Join(SnapshotterRoot, "unpack", "extract-left-by-a-crash");
        Directory.CreateDirectory(scratch);
        await _mounter.MountAsync(mounts, scratch);
        _mounted.Add(scratch);

        await Unpacker.RecoverAsync(CancellationToken.None);

        Assert.False(Directory.Exists(scratch));
        Assert.Empty(await AllAsync());
        Assert.True((await Unpacker.UnpackAsync(manifest, config, CancellationToken.None)).Layers[0].Extracted);
    }

    [Fact]
    public async Task An_opaque_directory_and_a_directory_replaced_over_a_whiteout_hide_the_lower_files()
    {
        var lower = TestLayer.Of(("d/", ""), ("d/lower", "1"), ("d/sub/", ""), ("d/sub/x", "2"), ("r/", ""), ("r/old", "3"), ("kept", "4"));
        var upper = TestLayer.Gzipped(("d/", ""), ("d/.wh..wh..opq", ""), ("d/upper", "5"), (".wh.r", ""), ("r/", ""), ("r/new", "6"));
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [lower, upper]);

        var image = await Unpacker.UnpackAsync(manifest, config, CancellationToken.None);

        var view = await MountViewAsync(image.TopChainId!.Value);
        Assert.Equal(["upper"], Directory.EnumerateFileSystemEntries(Path.Join(view, "d")).Select(Path.GetFileName));
        Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(Path.Join(view, "r")).Select(Path.GetFileName));
        Assert.Equal("4", await File.ReadAllTextAsync(Path.Join(view, "kept")));
    }

    [Fact]
    public async Task A_hard_link_to_a_lower_layer_s_file_still_unpacks()
    {
        var lower = TestLayer.Of(("bin/", ""), ("bin/tool", "elf"));
        var upper = TestLayer.WithHardLink(("bin/alias", "bin/tool"));
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [lower, upper]);

        var image = await Unpacker.UnpackAsync(manifest, config, CancellationToken.None);

        Assert.All(image.Layers, layer => Assert.True(layer.Extracted));
        var view = await MountViewAsync(image.TopChainId!.Value);
        Assert.Equal("elf", await File.ReadAllTextAsync(Path.Join(view, "bin", "alias")));
        Assert.DoesNotContain(await AllAsync(), info => info.Kind == SnapshotKind.Active);
    }

    [Fact]
    public async Task Layers_whose_blobs_arrive_top_first_commit_in_chain_order()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base, Top, OtherTop]);
        var ready = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        var unpacking = Unpacker.UnpackAsync(manifest, config, ready.Select(r => r.Task).ToList(), CancellationToken.None);
        ready[2].SetResult();
        ready[1].SetResult();
        await Task.Delay(100);
        Assert.Empty(await CommittedAsync());
        ready[0].SetResult();
        var image = await unpacking;

        var chain = ChainId.Chain([Base.DiffId, Top.DiffId, OtherTop.DiffId]);
        Assert.Equal([(chain[0].ToString(), (string?)null), (chain[1].ToString(), chain[0].ToString()), (chain[2].ToString(), chain[1].ToString())], await CommittedAsync());
        Assert.Equal(chain[2], image.TopChainId);
        var view = await MountViewAsync(chain[2]);
        Assert.Equal("three", await File.ReadAllTextAsync(Path.Join(view, "other")));
        Assert.False(File.Exists(Path.Join(view, "gone")));
    }

    [Fact]
    public async Task An_upper_layer_that_does_not_match_its_diff_id_leaves_no_extract_snapshot_and_is_not_committed()
    {
        var (manifest, config) = await TestLayer.StoreImageAsync(Content, [Base, Top, OtherTop], diffIds: [Base.DiffId, Top.DiffId, Top.DiffId]);

        var error = await Assert.ThrowsAsync<BerthException>(() => Unpacker.UnpackAsync(manifest, config, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        var left = await AllAsync();
        Assert.DoesNotContain(left, info => info.Kind != SnapshotKind.Committed);
        Assert.True(left.Count <= 2, "only the two layers below the bad one may be committed");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(SnapshotterRoot, "unpack")));
    }

    /// <summary>Mounts a read-only view of the chain ending at <paramref name="chainId"/>; taken off in <see cref="DisposeAsync"/>.</summary>
    private protected async Task<string> MountViewAsync(Digest chainId)
    {
        var target = Path.Join(_temp, $"view-{_mounted.Count}");
        Directory.CreateDirectory(target);
        var mounts = await Snapshotter.ViewAsync($"view-{_mounted.Count}", chainId.ToString());
        await _mounter.MountAsync(mounts, target);
        _mounted.Add(target);
        return target;
    }

    private protected async Task<List<SnapshotInfo>> AllAsync()
    {
        var all = new List<SnapshotInfo>();
        await foreach (var info in Snapshotter.WalkAsync())
        {
            all.Add(info);
        }
        return all;
    }

    private async Task<List<(string Name, string? Parent)>> CommittedAsync() =>
        (await AllAsync()).Where(info => info.Kind == SnapshotKind.Committed).Select(info => (info.Name, info.Parent)).ToList();
}
