using Berth.Dockerfile.Expansion;

namespace Berth.Dockerfile.Tests.Expansion;

public sealed class PredefinedArgsTests
{
    [Fact]
    public void DescribesBuildAndTargetPlatforms()
    {
        var values = PredefinedArgs.Values(new BuildPlatform("linux", "amd64"), new BuildPlatform("linux", "arm", "v7"), targetStage: null);
        Assert.Equal("linux/amd64", values["BUILDPLATFORM"]);
        Assert.Equal("amd64", values["BUILDARCH"]);
        Assert.Equal("", values["BUILDVARIANT"]);
        Assert.Equal("linux/arm/v7", values["TARGETPLATFORM"]);
        Assert.Equal("linux", values["TARGETOS"]);
        Assert.Equal("arm", values["TARGETARCH"]);
        Assert.Equal("v7", values["TARGETVARIANT"]);
        Assert.Equal("default", values["TARGETSTAGE"]);
        Assert.Equal(PredefinedArgs.Platform.Order(), values.Keys.Order());
    }

    [Fact]
    public void BuildArgsOverridePlatformValues()
    {
        var values = PredefinedArgs.Values(
            new BuildPlatform("linux", "amd64"), new BuildPlatform("linux", "amd64"), "final",
            new Dictionary<string, string> { ["TARGETARCH"] = "riscv64", ["UNRELATED"] = "x" });
        Assert.Equal("riscv64", values["TARGETARCH"]);
        Assert.Equal("final", values["TARGETSTAGE"]);
        Assert.False(values.ContainsKey("UNRELATED"));
    }

    [Theory]
    [InlineData("HTTP_PROXY", true)]
    [InlineData("no_proxy", true)]
    [InlineData("all_proxy", true)]
    [InlineData("Http_Proxy", false)]
    [InlineData("TARGETARCH", false)]
    public void KnowsTheProxyArgs(string name, bool proxy) => Assert.Equal(proxy, PredefinedArgs.IsProxy(name));
}
