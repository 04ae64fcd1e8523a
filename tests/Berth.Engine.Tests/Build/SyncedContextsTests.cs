using System.Formats.Tar;
using Berth.Engine.Build.Contexts;
using Berth.Oci;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Build;

public sealed class SyncedContextsTests : IDisposable
{
    private static readonly string Key = new('a', 64);
    private readonly string _root = Directory.CreateTempSubdirectory("berth-synced-").FullName;
    private readonly SyncedContexts _contexts;

    public SyncedContextsTests() =>
        _contexts = new SyncedContexts(Path.Join(_root, "files"), Path.Join(_root, "manifests"), TimeProvider.System, NullLogger<SyncedContexts>.Instance);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ContextEntry File(string path, int size, long modTime = 1) => new(path, ContextEntry.File, 420, size, modTime, null);

    private static MemoryStream Tar(params (string Name, string Content)[] files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
        }
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task AKeptCopy_AsksOnlyForWhatChanged()
    {
        var first = _contexts.Stage(Key, [File("a", 1), File("b", 1)]);
        await (await _contexts.ReceiveAsync(first.Id, Tar(("a", "1"), ("b", "2")), default)).DisposeAsync();

        var second = _contexts.Stage(Key, [File("a", 1), File("b", 2, modTime: 2)]);
        await using var context = await _contexts.ReceiveAsync(second.Id, Tar(("b", "22")), default);

        Assert.Equal(["b"], second.Missing);
        Assert.Equal("22", await System.IO.File.ReadAllTextAsync(Path.Join(context.Directory, "b")));
    }

    [Fact]
    public async Task AnUploadStagedBeforeAnotherBuildChangedTheCopy_IsAConflict()
    {
        var first = _contexts.Stage(Key, [File("a", 1)]);
        var concurrent = _contexts.Stage(Key, [File("a", 1)]);
        await (await _contexts.ReceiveAsync(first.Id, Tar(("a", "1")), default)).DisposeAsync();

        var error = await Assert.ThrowsAsync<BerthException>(() => _contexts.ReceiveAsync(concurrent.Id, Tar(("a", "1")), default));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task ATarThatLeavesTheCopyShortOfTheList_IsAConflict_AndTheNextStageAsksForEverything()
    {
        var upload = _contexts.Stage(Key, [File("a", 1), File("b", 1)]);

        var error = await Assert.ThrowsAsync<BerthException>(() => _contexts.ReceiveAsync(upload.Id, Tar(("a", "1")), default));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal(["a", "b"], _contexts.Stage(Key, [File("a", 1), File("b", 1)]).Missing);
    }

    [Fact]
    public async Task AnUploadIsUsedOnce()
    {
        var upload = _contexts.Stage(Key, [File("a", 1)]);
        await (await _contexts.ReceiveAsync(upload.Id, Tar(("a", "1")), default)).DisposeAsync();

        var error = await Assert.ThrowsAsync<BerthException>(() => _contexts.ReceiveAsync(upload.Id, Tar(), default));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task Clear_RemovesKeptCopies_AndGivesTheirBytes()
    {
        var upload = _contexts.Stage(Key, [File("a", 5)]);
        await (await _contexts.ReceiveAsync(upload.Id, Tar(("a", "12345")), default)).DisposeAsync();

        Assert.Equal(5, await _contexts.ClearAsync(default));
        Assert.Equal(["a"], _contexts.Stage(Key, [File("a", 5)]).Missing);
    }
}
