using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Engine.Tests.Volumes;

public sealed class VolumeNamesTests
{
    [Theory]
    [InlineData("data")]
    [InlineData("my_vol-1.2")]
    [InlineData("0abc")]
    [InlineData("ab")]
    public void Validate_AcceptsDockersLocalNames(string name) => Assert.Equal(name, VolumeNames.Validate(name));

    [Theory]
    [InlineData("a")]
    [InlineData("b@d")]
    [InlineData("_data")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("dir/name")]
    [InlineData("")]
    public void Validate_RefusesOthers_WithDockersMessage(string name)
    {
        var e = Assert.Throws<BerthException>(() => VolumeNames.Validate(name));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(
            $"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
            e.Message);
    }

    [Fact]
    public void NewAnonymous_Is64LowercaseHex_AndDiffersEachTime()
    {
        var first = VolumeNames.NewAnonymous();
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.NotEqual(first, VolumeNames.NewAnonymous());
        Assert.Equal(first, VolumeNames.Validate(first));
    }
}
