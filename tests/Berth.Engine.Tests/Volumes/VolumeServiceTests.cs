using Berth.Engine.Events;
using Berth.Engine.Volumes;
using Berth.Oci;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Volumes;

/// <summary>The volume service over a real store and data directory, with a recording mounter.</summary>
public sealed class VolumeServiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-volume-service-").FullName;
    private readonly RecordingMounter _mounter = new();
    private readonly VolumeStore _store;
    private readonly VolumeService _service;
    private readonly VolumeLayout _layout;

    public VolumeServiceTests()
    {
        _layout = new VolumeLayout(_root);
        _store = new VolumeStore(_layout.DatabasePath);
        _service = new VolumeService(_store, _layout, _mounter, new EventBus(TimeProvider.System), TimeProvider.System, NullLogger<VolumeService>.Instance);
    }

    public void Dispose()
    {
        _service.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static readonly Dictionary<string, string> Tmpfs = new() { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" };

    private static PlannedMount Planned(string destination, string? name = null, bool noCopy = false) =>
        new(destination, null, new VolumeRequest { Name = name, Destination = destination, NoCopy = noCopy, Mode = name is null ? "" : "z" });

    [Fact]
    public async Task Create_IsIdempotent_AnonymousGetsDockersLabel_AndTheDataDirectoryExists()
    {
        var first = await _service.CreateAsync("data", null, null, new Dictionary<string, string> { ["a"] = "1" }, CancellationToken.None);
        var again = await _service.CreateAsync("data", "local", Tmpfs, null, CancellationToken.None);
        // The existing volume, as it was: the second request's options are not applied.
        Assert.Equal((first.Name, first.CreatedAt, "1"), (again.Name, again.CreatedAt, again.Labels!["a"]));
        Assert.Null(again.Options);
        Assert.True(Directory.Exists(_layout.DataPath("data")));
        Assert.False(first.IsAnonymous);

        var anonymous = await _service.CreateAsync(null, null, null, null, CancellationToken.None);
        Assert.Matches("^[0-9a-f]{64}$", anonymous.Name);
        Assert.True(anonymous.IsAnonymous);
        Assert.Equal(new[] { "data", anonymous.Name }.Order(StringComparer.Ordinal), _service.List().Select(v => v.Name).Order(StringComparer.Ordinal));

        var plugin = await Assert.ThrowsAsync<BerthException>(() => _service.CreateAsync("v1", "nfs", null, null, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, plugin.Kind);
        var options = await Assert.ThrowsAsync<BerthException>(() => _service.CreateAsync("v2", null, new Dictionary<string, string> { ["size"] = "1g" }, null, CancellationToken.None));
        Assert.Equal("create v2: invalid option: \"size\"", options.Message);
        Assert.False(Directory.Exists(_layout.VolumeDir("v2")));
    }

    [Fact]
    public async Task Remove_RefusesAVolumeInUse_AndSaysNoSuchVolume_UnlessForced()
    {
        await _service.AttachAsync("c1", [Planned("/d", "held")], CancellationToken.None);
        var inUse = await Assert.ThrowsAsync<BerthException>(() => _service.RemoveAsync("held", force: true, CancellationToken.None));
        Assert.Equal((ErrorKind.Conflict, "remove held: volume is in use - [c1]"), (inUse.Kind, inUse.Message));
        var missing = await Assert.ThrowsAsync<BerthException>(() => _service.RemoveAsync("nope", force: false, CancellationToken.None));
        Assert.Equal((ErrorKind.NotFound, "get nope: no such volume"), (missing.Kind, missing.Message));
        await _service.RemoveAsync("nope", force: true, CancellationToken.None);

        await _service.ForgetContainerAsync("c1", removeAnonymous: true);
        Assert.NotNull(_store.Get("held"));
        await _service.RemoveAsync("held", force: false, CancellationToken.None);
        Assert.Null(_store.Get("held"));
        Assert.False(Directory.Exists(_layout.VolumeDir("held")));
    }

    [Fact]
    public async Task Attach_RemovesTheAnonymousVolumesItMade_WhenAPartFails()
    {
        await Assert.ThrowsAsync<BerthException>(() => _service.AttachAsync("c1", [Planned("/a"), Planned("/b", "b@d")], CancellationToken.None));
        Assert.Empty(_service.List());
        Assert.Empty(Directory.GetDirectories(_layout.Root));
        Assert.Empty(_service.MountsOf("c1"));
    }

    [Fact]
    public async Task Forget_WithRemoveAnonymous_RemovesOnlyUnsharedAnonymousVolumes()
    {
        var mounts = await _service.AttachAsync("c1", [Planned("/anon"), Planned("/shared-anon"), Planned("/named", "named")], CancellationToken.None);
        var shared = mounts[1];
        await _service.AttachAsync("c2", [new PlannedMount("/x", shared, null)], CancellationToken.None);

        await _service.ForgetContainerAsync("c1", removeAnonymous: true);
        Assert.Equal(new[] { "named", shared.Source }.Order(), _service.List().Select(v => v.Name).Order());
        Assert.Empty(_service.MountsOf("c1"));
    }

    [Fact]
    public async Task Prune_RemovesUnusedVolumesTheFilterAccepts_AndCountsTheirBytes()
    {
        var idle = await _service.CreateAsync(null, null, null, null, CancellationToken.None);
        await _service.CreateAsync("named-idle", null, null, null, CancellationToken.None);
        await _service.AttachAsync("c1", [Planned("/u")], CancellationToken.None);
        File.WriteAllBytes(Path.Join(_layout.DataPath(idle.Name), "f"), new byte[42]);

        var (deleted, reclaimed) = await _service.PruneAsync(v => v.IsAnonymous, CancellationToken.None);
        Assert.Equal([idle.Name], deleted);
        Assert.Equal(42, reclaimed);
        Assert.Equal(2, _service.List().Count);
    }

    [Fact]
    public async Task Prepare_MountsTheDevice_CopiesTheImagesFilesOnce_AndReleaseUnmountsAfterTheLastUser()
    {
        await _service.CreateAsync("scratch", null, Tmpfs, null, CancellationToken.None);
        await _service.AttachAsync("c1", [Planned("/data", "scratch"), Planned("/empty", "nocopy", noCopy: true)], CancellationToken.None);
        await _service.AttachAsync("c2", [Planned("/data", "scratch")], CancellationToken.None);
        var rootfs = Directory.CreateDirectory(Path.Join(_root, "rootfs")).FullName;
        Directory.CreateDirectory(Path.Join(rootfs, "data", "sub"));
        File.WriteAllText(Path.Join(rootfs, "data", "sub", "seed"), "seed");
        Directory.CreateDirectory(Path.Join(rootfs, "empty"));
        File.WriteAllText(Path.Join(rootfs, "empty", "skipped"), "x");

        var binds = await _service.PrepareAsync("c1", rootfs, CancellationToken.None);
        Assert.Equal([("/data", _layout.DataPath("scratch")), ("/empty", _layout.DataPath("nocopy"))], binds.Select(b => (b.Target, b.Source!)));
        Assert.All(binds, b => Assert.Equal("bind", b.Type));
        var (mount, target) = Assert.Single(_mounter.Mounted);
        Assert.Equal(("tmpfs", "tmpfs", _layout.DataPath("scratch")), (mount.Type, mount.Source, target));
        Assert.Equal("seed", File.ReadAllText(Path.Join(_layout.DataPath("scratch"), "sub", "seed")));
        Assert.Empty(Directory.GetFileSystemEntries(_layout.DataPath("nocopy")));

        // Filled once: what a container did to it stays.
        File.Delete(Path.Join(_layout.DataPath("scratch"), "sub", "seed"));
        await _service.PrepareAsync("c1", rootfs, CancellationToken.None);
        Assert.False(File.Exists(Path.Join(_layout.DataPath("scratch"), "sub", "seed")));

        await _service.ReleaseAsync("c1", isActive: id => id == "c2");
        Assert.Empty(_mounter.Unmounted);
        await _service.ReleaseAsync("c2", isActive: _ => false);
        Assert.Equal([_layout.DataPath("scratch")], _mounter.Unmounted);
    }
}
