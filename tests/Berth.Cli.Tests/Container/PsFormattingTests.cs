using Berth.Api.Models;
using Berth.Cli.Commands.Container;
using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Container;

/// <summary>docker ps output: columns, quoting and truncation of COMMAND, CREATED wording, names, ports.</summary>
public class PsFormattingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static ContainerSummary Summary(string command = "sleep 1000", string status = "Up 2 minutes", long createdAgo = 300) => new()
    {
        Id = "3f5e8c2a9b1d4e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
        Names = ["/web", "/other/alias"],
        Image = "docker.io/library/alpine:3.20",
        ImageID = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        Command = command,
        Created = Now.ToUnixTimeSeconds() - createdAgo,
        Ports = [],
        Labels = new() { ["b"] = "2", ["a"] = "1" },
        State = "running",
        Status = status,
        HostConfig = new() { NetworkMode = "bridge" },
        NetworkSettings = new() { Networks = new() { ["bridge"] = new EndpointSettings() } },
        Mounts = [],
    };

    [Fact]
    public void DefaultTableAsDocker()
    {
        var rows = ContainerRows.Rows([Summary(), Summary("/docker-entrypoint.sh nginx -g 'daemon off;'", "Exited (0) 3 seconds ago", 7200)], trunc: true, Now);
        var text = OutputFormat.Render(null, ContainerRows.DefaultTable, ContainerRows.Headers, rows);
        var expected =
            "CONTAINER ID   IMAGE         COMMAND                  CREATED         STATUS                     PORTS     NAMES\n" +
            "3f5e8c2a9b1d   alpine:3.20   \"sleep 1000\"             5 minutes ago   Up 2 minutes                         web\n" +
            "3f5e8c2a9b1d   alpine:3.20   \"/docker-entrypoint.…\"   2 hours ago     Exited (0) 3 seconds ago             web\n";
        Assert.Equal(expected, text);
    }

    [Fact]
    public void NoTruncKeepsEverything()
    {
        var row = ContainerRows.Rows([Summary("a very long command line that goes on")], trunc: false, Now).Single();
        Assert.Equal("\"a very long command line that goes on\"", row.GetProperty("Command").GetString());
        Assert.Equal(64, row.GetProperty("ID").GetString()!.Length);
        Assert.Equal("web,other/alias", row.GetProperty("Names").GetString());
        Assert.Equal("docker.io/library/alpine:3.20", row.GetProperty("Image").GetString());
    }

    [Fact]
    public void JsonRowHasDockersFields()
    {
        var row = ContainerRows.Rows([Summary()], trunc: true, Now).Single();
        Assert.Equal("a=1,b=2", row.GetProperty("Labels").GetString());
        Assert.Equal("0B", row.GetProperty("Size").GetString());
        Assert.Equal("bridge", row.GetProperty("Networks").GetString());
        Assert.Equal("0", row.GetProperty("LocalVolumes").GetString());
    }

    [Theory]
    [InlineData("12345678901234567890", "\"12345678901234567890\"")]
    [InlineData("123456789012345678901", "\"1234567890123456789…\"")]
    [InlineData("echo \"hi\"", "\"echo \\\"hi\\\"\"")]
    public void CommandQuotedAndCut(string command, string shown) => Assert.Equal(shown, ContainerRows.Command(command, trunc: true));

    [Theory]
    [InlineData(false, null, false, ContainerRows.DefaultTable)]
    [InlineData(false, null, true, ContainerRows.DefaultTable + "\t{{.Size}}")]
    [InlineData(true, "{{.Names}}", false, "{{.ID}}")]
    [InlineData(false, "{{.Names}}", false, "{{.Names}}")]
    public void FormatChoice(bool quiet, string? format, bool size, string chosen) => Assert.Equal(chosen, PsCommand.ChooseFormat(format, quiet, size));

    [Fact]
    public void PortsGroupedAsDocker()
    {
        ContainerPort[] ports =
        [
            new() { PrivatePort = 81, Type = "tcp" },
            new() { PrivatePort = 80, Type = "tcp" },
            new() { PrivatePort = 443, Type = "tcp", IP = "0.0.0.0", PublicPort = 8443 },
            new() { PrivatePort = 53, Type = "udp" },
            new() { PrivatePort = 9000, Type = "tcp", IP = "::", PublicPort = 9000 },
        ];
        Assert.Equal("53/udp, 80-81/tcp, :::9000->9000/tcp, 0.0.0.0:8443->443/tcp", PortsDisplay.Format(ports));
    }
}
