using Berth.Cli.Commands.Build.Progress;
using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Build.Progress;

public sealed class ProgressModesTests
{
    [Theory]
    [InlineData("auto", false, false, "Plain")]
    [InlineData("auto", true, false, "Tty")]
    [InlineData("plain", true, false, "Plain")]
    [InlineData("tty", false, false, "Tty")]
    [InlineData("quiet", true, false, "Quiet")]
    [InlineData("plain", false, true, "Quiet")]
    public void Resolve_FollowsDockersRules(string value, bool terminal, bool quietFlag, string expected) =>
        Assert.Equal(expected, ProgressModes.Resolve(value, quietFlag, terminal).ToString());

    [Fact]
    public void UnknownMode_IsAUsageError() =>
        Assert.Equal("invalid progress mode \"rawjson\": expected auto, plain, tty or quiet",
            Assert.Throws<CliUsageException>(() => ProgressModes.Resolve("rawjson", false, false)).Message);
}
