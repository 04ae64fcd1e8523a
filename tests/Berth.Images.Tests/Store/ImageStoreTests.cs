using Berth.Images.Store;
using Berth.Oci;

namespace Berth.Images.Tests.Store;

public sealed class ImageStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-store-").FullName;
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static ImageRecord Record(string seed) =>
        new(Digest.Compute(System.Text.Encoding.UTF8.GetBytes(seed)), Digest.Compute(System.Text.Encoding.UTF8.GetBytes(seed + "m")), 42, Now, Now);

    [Fact]
    public void Commit_AddsImageAndNamesTogether_AndSurvivesReopen()
    {
        var image = Record("a");
        using (var store = new ImageStore(Path.Combine(_root, "db")))
        {
            store.Commit(image, ["docker.io/library/a:latest", "docker.io/library/a:1"]);
        }
        using var reopened = new ImageStore(Path.Combine(_root, "db"));
        Assert.Equal(image, reopened.Get(image.Id));
        Assert.Equal(image.Id, reopened.Resolve("docker.io/library/a:1"));
        Assert.Equal(["docker.io/library/a:1", "docker.io/library/a:latest"], reopened.NamesOf(image.Id));
    }

    [Fact]
    public void SetName_MovesANameToAnotherImage()
    {
        using var store = new ImageStore(Path.Combine(_root, "db"));
        var (a, b) = (Record("a"), Record("b"));
        store.Commit(a, ["docker.io/library/x:latest"]);
        store.Commit(b, []);
        store.SetName("docker.io/library/x:latest", b.Id);
        Assert.Equal(b.Id, store.Resolve("docker.io/library/x:latest"));
        Assert.Empty(store.NamesOf(a.Id));
    }

    [Fact]
    public void RemoveImage_RemovesItsNames()
    {
        using var store = new ImageStore(Path.Combine(_root, "db"));
        var a = Record("a");
        store.Commit(a, ["docker.io/library/a:latest"]);
        store.RemoveImage(a.Id);
        Assert.Null(store.Get(a.Id));
        Assert.Null(store.Resolve("docker.io/library/a:latest"));
        Assert.Empty(store.List());
    }

    [Fact]
    public void FindByIdPrefix_MatchesOnlyThePrefix()
    {
        using var store = new ImageStore(Path.Combine(_root, "db"));
        var a = Record("a");
        store.Commit(a, []);
        Assert.Equal([a.Id], store.FindByIdPrefix(a.Id.Hex[..6]));
        Assert.Empty(store.FindByIdPrefix("%"));
    }
}
