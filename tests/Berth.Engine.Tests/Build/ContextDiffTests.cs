using Berth.Engine.Build.Contexts;
using Berth.Oci;

namespace Berth.Engine.Tests.Build;

public sealed class ContextDiffTests
{
    private static ContextEntry File(string path, long size = 1, long modTime = 10, int mode = 420) => new(path, ContextEntry.File, mode, size, modTime, null);

    [Fact]
    public void WithoutAKeptCopy_EverythingIsMissing()
    {
        Assert.Equal(["a", "b"], ContextDiff.Missing(null, [File("a"), File("b")]));
    }

    [Fact]
    public void AnEntryIsMissing_WhenItsTypeModeSizeMtimeOrLinkDiffers()
    {
        List<ContextEntry> kept = [File("same"), File("size"), File("time"), File("mode"), new("link", ContextEntry.Symlink, 511, 0, 10, "a"), File("type")];
        List<ContextEntry> wanted =
        [
            File("same"), File("size", size: 2), File("time", modTime: 11), File("mode", mode: 493),
            new("link", ContextEntry.Symlink, 511, 0, 10, "b"), new("type", ContextEntry.Directory, 420, 1, 10, null), File("new"),
        ];

        Assert.Equal(["size", "time", "mode", "link", "type", "new"], ContextDiff.Missing(kept, wanted));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("../up")]
    [InlineData("a/../../up")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("trailing/")]
    public void APathThatIsNotRelativeAndClean_IsRefused(string path)
    {
        var error = Assert.Throws<BerthException>(() => ContextDiff.Validate([File(path)]));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void AnUnknownTypeOrATwiceListedPath_IsRefused()
    {
        Assert.Throws<BerthException>(() => ContextDiff.Validate([new ContextEntry("a", "p", 420, 0, 0, null)]));
        Assert.Throws<BerthException>(() => ContextDiff.Validate([File("a"), File("a")]));
    }
}
