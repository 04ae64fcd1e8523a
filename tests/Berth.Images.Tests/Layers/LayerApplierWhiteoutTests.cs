using System.Runtime.Versioning;
using Berth.Oci;

namespace Berth.Images.Tests.Layers;

[SupportedOSPlatform("linux")]
public sealed class LayerApplierWhiteoutTests : IDisposable
{
    private readonly LayerTestRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task WhiteoutDeletesAFileAndAWholeDirectory()
    {
        await _root.ApplyAsync(new TarBuilder().Dir("a/").File("a/f", "1").File("a/g", "2").Dir("b/").Dir("b/c/").File("b/c/x", "3").Build());
        await _root.ApplyAsync(new TarBuilder().File("a/.wh.f", "").File(".wh.b", "").Build());

        Assert.False(File.Exists(_root.InRoot("a/f")));
        Assert.True(File.Exists(_root.InRoot("a/g")));
        Assert.False(Directory.Exists(_root.InRoot("b")));
        AssertNoWhiteoutFiles();
    }

    [Fact]
    public async Task OpaqueDirectoryDropsLowerEntriesAndKeepsThisLayersOnes()
    {
        await _root.ApplyAsync(new TarBuilder().Dir("d/").File("d/lower", "1").Dir("d/sub/").File("d/sub/lower", "2").File("d/sub/same", "3").Build());
        await _root.ApplyAsync(new TarBuilder()
            .Dir("d/")
            .File("d/before", "written before the marker")
            .File("d/sub/new", "written into a lower directory")
            .File("d/.wh..wh..opq", "")
            .File("d/after", "written after the marker")
            .File("d/sub/same", "rewritten")
            .Build());

        Assert.Equal(["after", "before", "sub"], Directory.EnumerateFileSystemEntries(_root.InRoot("d")).Select(Path.GetFileName).Order());
        Assert.Equal(["new", "same"], Directory.EnumerateFileSystemEntries(_root.InRoot("d/sub")).Select(Path.GetFileName).Order());
        Assert.Equal("rewritten", await File.ReadAllTextAsync(_root.InRoot("d/sub/same")));
        AssertNoWhiteoutFiles();
    }

    [Fact]
    public async Task WhiteoutsDoNotReachThroughSymlinksToTheHost()
    {
        var hostFile = Path.Join(_root.HostDirectory, "keep");
        await File.WriteAllTextAsync(hostFile, "host");
        await _root.ApplyAsync(new TarBuilder()
            .Symlink("link", _root.HostDirectory)
            .File("link/.wh.keep", "")
            .File("link/.wh..wh..opq", "")
            .Build());

        Assert.Equal("host", await File.ReadAllTextAsync(hostFile));
        Assert.True(new FileInfo(_root.InRoot("link")).LinkTarget is not null);
    }

    [Theory]
    [InlineData("a/.wh.")]
    [InlineData("a/.wh..")]
    [InlineData("a/.wh...")]
    public async Task WhiteoutsOfNoNameAreRejected(string name)
    {
        await _root.ApplyAsync(new TarBuilder().Dir("a/").File("a/f", "1").Build());

        await Assert.ThrowsAsync<BerthException>(() => _root.ApplyAsync(new TarBuilder().File(name, "").Build()));
        Assert.True(File.Exists(_root.InRoot("a/f")));
    }

    private void AssertNoWhiteoutFiles() =>
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_root.Root, "*", SearchOption.AllDirectories), path => Path.GetFileName(path).StartsWith(".wh.", StringComparison.Ordinal));
}
