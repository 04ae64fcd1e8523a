using System.Formats.Tar;
using Berth.Images.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Layers;

public sealed class LayerEntryValidatorTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("./a/")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../b")]
    [InlineData("a/b/../../c")]
    [InlineData("..a/b..")]
    public void NamesThatStayInsideAreAccepted(string name)
    {
        LayerEntryValidator.Validate(new PaxTarEntry(TarEntryType.RegularFile, name));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("./../etc/passwd")]
    [InlineData("/../x")]
    public void NamesThatClimbAboveTheRootAreRejected(string name)
    {
        var error = Assert.Throws<BerthException>(() => LayerEntryValidator.Validate(new PaxTarEntry(TarEntryType.RegularFile, name)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(name, error.Message);
        Assert.Contains("escape", error.Message);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/bin/busybox")]
    public void HardLinksInsideAreAccepted(string target)
    {
        LayerEntryValidator.Validate(new PaxTarEntry(TarEntryType.HardLink, "x") { LinkName = target });
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/../../b")]
    public void HardLinksOutsideAreRejected(string target)
    {
        var error = Assert.Throws<BerthException>(() =>
            LayerEntryValidator.Validate(new PaxTarEntry(TarEntryType.HardLink, "x") { LinkName = target }));
        Assert.Contains(target, error.Message);
        Assert.Contains("outside", error.Message);
    }

    [Fact]
    public void SymlinkTargetsAreNotCheckedBecauseTheyAreConfinedWhenFollowed()
    {
        LayerEntryValidator.Validate(new PaxTarEntry(TarEntryType.SymbolicLink, "x") { LinkName = "../../../etc" });
    }

    [Fact]
    public void NulBytesInNamesAreRejected()
    {
        Assert.Throws<BerthException>(() => LayerEntryValidator.Validate(new PaxTarEntry(TarEntryType.RegularFile, "a\0/../../x")));
    }
}
