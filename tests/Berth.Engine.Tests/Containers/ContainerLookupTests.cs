using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerLookupTests : ContainerStoreFixture
{
    private readonly ContainerStore _store;
    private readonly ContainerLookup _lookup;
    private readonly ContainerRecord _web = Record("web", id: "aaa1" + new string('1', 60));
    private readonly ContainerRecord _db = Record("db", id: "aaa2" + new string('2', 60));

    public ContainerLookupTests()
    {
        _store = new ContainerStore(DatabasePath);
        _store.Add(_web);
        _store.Add(_db);
        _lookup = new ContainerLookup(_store);
    }

    public override void Dispose()
    {
        _store.Dispose();
        base.Dispose();
    }

    [Fact]
    public void Resolves_ByFullId_ByNameWithOrWithoutSlash_AndByUniquePrefix()
    {
        Assert.Equal(_web, _lookup.Resolve(_web.Id));
        Assert.Equal(_web, _lookup.Resolve("web"));
        Assert.Equal(_web, _lookup.Resolve("/web"));
        Assert.Equal(_db, _lookup.Resolve("aaa2"));
        Assert.Equal(_db, _lookup.Resolve(_db.Id[..12]));
    }

    [Fact]
    public void ANameWinsOverAnIdPrefix()
    {
        var named = Record("aaa1");
        _store.Add(named);
        Assert.Equal(named, _lookup.Resolve("aaa1"));
        Assert.Equal(_web, _lookup.Resolve("aaa11"));
    }

    [Fact]
    public void AFullIdWinsOverAContainerNamedLikeIt()
    {
        var impostor = Record(_db.Id);
        _store.Add(impostor);
        Assert.Equal(_db, _lookup.Resolve(_db.Id));
    }

    [Fact]
    public void AnAmbiguousPrefix_IsAnError()
    {
        var error = Assert.Throws<BerthException>(() => _lookup.Resolve("aaa"));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("multiple IDs found with provided prefix: aaa", error.Message);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("/nope")]
    [InlineData("bbb")]
    [InlineData("aaa1111111111111111111111111111111111111111111111111111111111112")]
    public void Unknown_IsNotFound_NamingTheInput(string input)
    {
        var error = Assert.Throws<BerthException>(() => _lookup.Resolve(input));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal($"No such container: {input}", error.Message);
    }

    [Fact]
    public void Empty_IsInvalid() =>
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => _lookup.Resolve("")).Kind);
}
