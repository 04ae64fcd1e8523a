using System.Runtime.Versioning;
using Berth.Images.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Layers;

/// <summary>
/// <see cref="WhiteoutStyle.Overlay"/>: a layer applied into an empty directory that overlayfs will later stack
/// on its parents, so its whiteouts must come out as overlay's own markers (what overlayfs itself writes into an
/// upper), and nothing may leave the root on the way.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LayerApplierOverlayWhiteoutTests : IDisposable
{
    private const string OpaqueXattr = "trusted.overlay.opaque";
    private readonly LayerTestRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task AWhiteoutBecomesACharacterDevice0_0OfTheHiddenName_InDirectoriesTheLayerNeverNamed()
    {
        await ApplyAsync(new TarBuilder().File(".wh.gone", "").File("a/b/.wh.f", "").File("a/kept", "1").Build());

        AssertWhiteout("gone");
        AssertWhiteout("a/b/f");
        Assert.Equal("1", await File.ReadAllTextAsync(_root.InRoot("a/kept")));
        AssertNoWhiteoutFiles();
    }

    [Fact]
    public async Task AWhiteoutOfANameThisLayerWroteReplacesIt()
    {
        await ApplyAsync(new TarBuilder().File("f", "written").Dir("d/").File("d/x", "1").File(".wh.f", "").File(".wh.d", "").Build());

        AssertWhiteout("f");
        AssertWhiteout("d");
    }

    [Fact]
    public async Task AnOpaqueMarkerSetsOverlaysXattrOnTheDirectoryAndKeepsWhatTheLayerWrote()
    {
        await ApplyAsync(new TarBuilder()
            .Dir("d/")
            .File("d/before", "1")
            .File("d/.wh..wh..opq", "")
            .File("d/after", "2")
            .File("e/.wh..wh..opq", "")
            .Dir("e/", mode: (UnixFileMode)0x1C0)
            .Build());

        Assert.Equal("y"u8.ToArray(), TestNative.Lgetxattr(_root.InRoot("d"), OpaqueXattr));
        Assert.Equal(["after", "before"], Directory.EnumerateFileSystemEntries(_root.InRoot("d")).Select(Path.GetFileName).Order());
        // The marker came before its directory's own entry: the entry's metadata must not lose the mark.
        Assert.Equal("y"u8.ToArray(), TestNative.Lgetxattr(_root.InRoot("e"), OpaqueXattr));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(_root.InRoot("e")));
        AssertNoWhiteoutFiles();
    }

    [Fact]
    public async Task ADirectoryMadeWhereTheLayerWhitedOutTheOldOneIsOpaque()
    {
        await ApplyAsync(new TarBuilder().File(".wh.d", "").Dir("d/").File("d/new", "1").Build());

        Assert.Equal("y"u8.ToArray(), TestNative.Lgetxattr(_root.InRoot("d"), OpaqueXattr));
        Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(_root.InRoot("d")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task OverlayXattrsCarriedByTheTarAreDropped()
    {
        await ApplyAsync(new TarBuilder().File("f", "1", pax: new Dictionary<string, string>
        {
            ["SCHILY.xattr.trusted.overlay.redirect"] = "/elsewhere",
            ["SCHILY.xattr.user.kept"] = "yes",
        }).Build());

        Assert.Equal("yes"u8.ToArray(), TestNative.Lgetxattr(_root.InRoot("f"), "user.kept"));
        Assert.Throws<IOException>(() => TestNative.Lgetxattr(_root.InRoot("f"), "trusted.overlay.redirect"));
    }

    [Fact]
    public async Task WhiteoutsThroughASymlinkToTheHostStayInsideTheRoot()
    {
        await ApplyAsync(new TarBuilder()
            .Symlink("link", _root.HostDirectory)
            .File("link/.wh.keep", "")
            .File("link/.wh..wh..opq", "")
            .Symlink("up", "../..")
            .File("up/.wh.sentinel", "")
            .Build());

        _root.AssertHostUntouched();
        Assert.Throws<IOException>(() => TestNative.Lgetxattr(_root.HostDirectory, OpaqueXattr));
        Assert.Throws<IOException>(() => TestNative.Lgetxattr(_root.Parent, OpaqueXattr));
        // Confined, the links lead back into the root, where the whiteouts land.
        AssertWhiteout(Path.Join(_root.HostDirectory.TrimStart('/'), "keep"));
        AssertWhiteout("sentinel");
    }

    [Theory]
    [InlineData("../.wh.sentinel")]
    [InlineData("a/../../.wh.sentinel")]
    [InlineData("a/.wh.")]
    [InlineData("a/.wh..")]
    public async Task WhiteoutsThatEscapeOrNameNothingAreRejected(string name)
    {
        await Assert.ThrowsAsync<BerthException>(() => ApplyAsync(new TarBuilder().File(name, "").Build()));

        _root.AssertHostUntouched();
    }

    private Task ApplyAsync(byte[] layer) => LayerApplier.ApplyAsync(new MemoryStream(layer), _root.Root, WhiteoutStyle.Overlay, CancellationToken.None);

    private void AssertWhiteout(string relative)
    {
        var status = StatOf(_root.InRoot(relative));
        Assert.True(status.IsCharacterDevice0_0, $"{relative} is not a 0:0 character device: {status}");
    }

    private void AssertNoWhiteoutFiles() =>
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_root.Root, "*", SearchOption.AllDirectories), path => Path.GetFileName(path).StartsWith(".wh.", StringComparison.Ordinal));

    private static (bool IsCharacterDevice0_0, string Text) StatOf(string path)
    {
        var result = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F %t:%T", path]) { RedirectStandardOutput = true })!;
        var text = result.StandardOutput.ReadToEnd().Trim();
        result.WaitForExit();
        return (text == "character special file 0:0", text);
    }
}
