using System.Runtime.Versioning;
using Berth.Images.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Layers;

/// <summary>
/// The CVE-2018-15664 / CVE-2019-14271 class: a layer must not write outside its root, whatever names,
/// symlinks and hard links it combines. Each test checks the host side (a sentinel file and an empty
/// directory beside the root) as well as the error.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LayerApplierEscapeTests : IDisposable
{
    private readonly LayerTestRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/../../sentinel")]
    [InlineData("./../host/escaped")]
    public async Task DotDotNamesAreRejected(string name)
    {
        var error = await Assert.ThrowsAsync<BerthException>(() => _root.ApplyAsync(new TarBuilder().File(name, "pwned").Build()));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(name, error.Message);
        Assert.Contains("escape", error.Message);
        _root.AssertHostUntouched();
    }

    [Fact]
    public async Task AbsoluteSymlinkInAParentIsResolvedInsideTheRoot()
    {
        await _root.ApplyAsync(new TarBuilder().Symlink("link", _root.HostDirectory).File("link/pwned", "inside").Build());

        _root.AssertHostUntouched();
        Assert.Equal("inside", await File.ReadAllTextAsync(Path.Join(_root.Root, _root.HostDirectory, "pwned")));
    }

    [Fact]
    public async Task SymlinkToEtcIsResolvedInsideTheRoot()
    {
        var name = $"berth-escape-test-{Guid.NewGuid():N}";
        await _root.ApplyAsync(new TarBuilder().Symlink("link", "/etc").File($"link/{name}", "inside").Build());

        Assert.False(File.Exists(Path.Join("/etc", name)));
        Assert.Equal("inside", await File.ReadAllTextAsync(_root.InRoot($"etc/{name}")));
    }

    [Fact]
    public async Task RelativeSymlinkClimbingOutStopsAtTheRoot()
    {
        await _root.ApplyAsync(new TarBuilder()
            .Symlink("up", "../../..")
            .File("up/sentinel", "pwned")
            .Symlink("d/up2", "../../host")
            .File("d/up2/pwned", "inside")
            .Build());

        _root.AssertHostUntouched();
        Assert.Equal("pwned", await File.ReadAllTextAsync(_root.InRoot("sentinel")));
        Assert.Equal("inside", await File.ReadAllTextAsync(_root.InRoot("host/pwned")));
    }

    [Fact]
    public async Task SymlinkChainsAreFollowedInsideTheRoot()
    {
        await _root.ApplyAsync(new TarBuilder()
            .Symlink("a", "b/c")
            .Symlink("b", _root.Parent)
            .File("a/pwned", "inside")
            .Build());

        _root.AssertHostUntouched();
        Assert.True(File.Exists(Path.Join(_root.Root, _root.Parent, "c/pwned")));
    }

    [Fact]
    public async Task SymlinkLoopIsRejected()
    {
        var error = await Assert.ThrowsAsync<BerthException>(() =>
            _root.ApplyAsync(new TarBuilder().Symlink("a", "b").Symlink("b", "a").File("a/x", "").Build()));

        Assert.Contains("too many levels of symbolic links", error.Message);
    }

    [Fact]
    public async Task FileReplacesASymlinkInsteadOfWritingThroughIt()
    {
        await _root.ApplyAsync(new TarBuilder().Symlink("f", _root.Sentinel).File("f", "pwned").Build());

        _root.AssertHostUntouched();
        Assert.False(Native.Lstat(_root.InRoot("f"))!.Value.IsSymlink);
        Assert.Equal("pwned", await File.ReadAllTextAsync(_root.InRoot("f")));
    }

    [Fact]
    public async Task DirectoryEntryReplacesASymlinkToTheHost()
    {
        var hostMode = File.GetUnixFileMode(_root.HostDirectory);
        await _root.ApplyAsync(new TarBuilder().Symlink("d", _root.HostDirectory).Dir("d/", (UnixFileMode)Convert.ToInt32("1777", 8)).Build());

        _root.AssertHostUntouched();
        Assert.True(Native.Lstat(_root.InRoot("d"))!.Value.IsDirectory);
        Assert.Equal(hostMode, File.GetUnixFileMode(_root.HostDirectory));
    }

    [Fact]
    public async Task HardLinkToAPathOutsideIsRejected()
    {
        var error = await Assert.ThrowsAsync<BerthException>(() =>
            _root.ApplyAsync(new TarBuilder().HardLink("h", "../sentinel").Build()));

        Assert.Contains("h", error.Message);
        Assert.Contains("outside", error.Message);
        Assert.False(File.Exists(_root.InRoot("h")));
        _root.AssertHostUntouched();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HardLinkThroughASymlinkToOutsideIsRejected(bool absolute)
    {
        var error = await Assert.ThrowsAsync<BerthException>(() => _root.ApplyAsync(new TarBuilder()
            .Symlink("d/link", absolute ? _root.Parent : "../..")
            .HardLink("h", "d/link/sentinel")
            .Build()));

        Assert.Contains("outside", error.Message);
        Assert.Contains("d/link", error.Message);
        Assert.False(File.Exists(_root.InRoot("h")));
        _root.AssertHostUntouched();
    }

    [Fact]
    public async Task HardLinkToASymlinkLinksTheSymlinkNotTheHostFile()
    {
        await _root.ApplyAsync(new TarBuilder().Symlink("s", _root.Sentinel).HardLink("h", "s").Build());

        var link = Native.Lstat(_root.InRoot("h"))!.Value;
        Assert.True(link.IsSymlink);
        Assert.Equal(Native.Lstat(_root.InRoot("s"))!.Value.Inode, link.Inode);
        Assert.NotEqual(Native.Lstat(_root.Sentinel)!.Value.Inode, link.Inode);
        _root.AssertHostUntouched();
    }

    [Fact]
    public async Task ValidatorRejectsWhatApplyRejects()
    {
        var tar = new TarBuilder().File("ok", "").HardLink("h", "../../etc/passwd").Build();
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar));
        LayerEntryValidator.Validate(reader.GetNextEntry()!);

        var error = Assert.Throws<BerthException>(() => LayerEntryValidator.Validate(reader.GetNextEntry()!));
        Assert.Contains("outside", error.Message);
        await Assert.ThrowsAsync<BerthException>(() => _root.ApplyAsync(tar));
    }
}
