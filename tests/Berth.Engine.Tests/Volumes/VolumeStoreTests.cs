using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Engine.Tests.Volumes;

public sealed class VolumeStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("berth-volumes-").FullName;
    private readonly VolumeStore _store;

    public VolumeStoreTests() => _store = new VolumeStore(Path.Join(_root, "volumes", "metadata.db"));

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static VolumeRecord Volume(string name, Dictionary<string, string>? labels = null, Dictionary<string, string>? options = null) =>
        new(name, "local", options, labels, Now);

    private static ContainerMount Mount(string destination, string volume) =>
        new(destination, ContainerMount.VolumeType, volume, ReadOnly: false, Mode: "z", NoCopy: false, Anonymous: false);

    [Fact]
    public void Volumes_KeepNullAndEmptyMapsApart_AndSurviveReopening()
    {
        Assert.True(_store.TryAdd(Volume("plain")));
        Assert.True(_store.TryAdd(Volume("tagged", labels: new() { ["a"] = "b" }, options: [])));
        Assert.False(_store.TryAdd(Volume("plain", labels: new() { ["other"] = "" })));

        using var reopened = new VolumeStore(Path.Join(_root, "volumes", "metadata.db"));
        var plain = reopened.Get("plain")!;
        Assert.Null(plain.Labels);
        Assert.Null(plain.Options);
        Assert.Equal(Now, plain.CreatedAt);
        var tagged = reopened.Get("tagged")!;
        Assert.Equal("b", tagged.Labels!["a"]);
        Assert.Empty(tagged.Options!);
        Assert.Equal(["plain", "tagged"], reopened.List().Select(v => v.Name));
        Assert.Null(reopened.Get("missing"));
    }

    [Fact]
    public void AUsedVolume_IsNotRemoved_UntilItsContainersForgetIt()
    {
        _store.TryAdd(Volume("data"));
        _store.TryAdd(Volume("idle"));
        _store.SetMounts("c1", [Mount("/data", "data"), new ContainerMount("/host", ContainerMount.BindType, "/srv", true, "ro", true, false)]);
        _store.SetMounts("c2", [Mount("/d", "data")]);

        Assert.Equal(["c1", "c2"], _store.UsersOf("data"));
        Assert.Equal(new HashSet<string> { "data" }, _store.InUse());
        Assert.Equal(["c1", "c2"], _store.RemoveUnlessUsed("data"));
        Assert.NotNull(_store.Get("data"));
        Assert.Equal(["/data", "/host"], _store.MountsOf("c1").Select(m => m.Destination));
        Assert.True(_store.MountsOf("c1")[1] is { Type: "bind", ReadOnly: true, NoCopy: true });

        _store.RemoveMounts("c1");
        _store.RemoveMounts("c2");
        Assert.Empty(_store.RemoveUnlessUsed("data"));
        Assert.Null(_store.Get("data"));
        Assert.Empty(_store.InUse());
    }

    [Fact]
    public void Mounts_OfAVolumeThatIsGone_AreRefused_AndNothingIsRecorded()
    {
        _store.TryAdd(Volume("here"));
        var e = Assert.Throws<BerthException>(() => _store.SetMounts("c1", [Mount("/a", "here"), Mount("/b", "gone")]));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal("get gone: no such volume", e.Message);
        Assert.Empty(_store.MountsOf("c1"));
        Assert.Empty(_store.UsersOf("here"));
    }
}
