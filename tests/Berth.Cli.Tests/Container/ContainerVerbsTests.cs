using System.Text.Json;
using Berth.Cli.Commands.Container;

namespace Berth.Cli.Tests.Container;

/// <summary>The small output rules of top, commit and port.</summary>
public class ContainerVerbsTests
{
    [Fact]
    public void TopAlignsWithMinimumWidthTwenty() =>
        Assert.Equal(
            "UID                 PID                 CMD\nroot                12                  sleep 100\n",
            TopCommand.Render(["UID", "PID", "CMD"], [["root", "12", "sleep 100"]]));

    [Theory]
    [InlineData("app", "app", null)]
    [InlineData("app:v1", "app", "v1")]
    [InlineData("host:5000/app", "host:5000/app", null)]
    [InlineData("host:5000/app:v2", "host:5000/app", "v2")]
    public void CommitSplitsTagAfterLastSlash(string reference, string repository, string? tag) =>
        Assert.Equal((repository, tag), CommitCommand.SplitReference(reference));

    [Fact]
    public void PortLinesAsDocker()
    {
        using var inspect = JsonDocument.Parse("""
            {"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}],"53/udp":null}}}
            """);
        Assert.Equal(["80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080"], PortCommand.Lines(inspect.RootElement, null));
        Assert.Equal(["0.0.0.0:8080", "[::]:8080"], PortCommand.Lines(inspect.RootElement, "80/tcp"));
    }

    [Fact]
    public void NoPortsPrintsNothing()
    {
        using var inspect = JsonDocument.Parse("""{"NetworkSettings":{"Ports":{}}}""");
        Assert.Empty(PortCommand.Lines(inspect.RootElement, null));
    }
}
