using Berth.Api.Streams;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Container;
using Berth.Cli.Commands.Container.Attaching;

namespace Berth.Cli.Tests.Container;

/// <summary>Detach keys, --since/--until, the positional stop of run/exec, and stream copying.</summary>
public class SessionHelpersTests
{
    [Fact]
    public void DetachKeysAsDocker()
    {
        Assert.Equal([16, 17], DetachKeys.Parse(DetachKeys.Default));
        Assert.Equal([(byte)'a', 27, 0], DetachKeys.Parse("a,ctrl-[,ctrl-@"));
        Assert.Equal("Invalid detach keys (ctrl-1) provided", Assert.Throws<FormatException>(() => DetachKeys.Parse("ctrl-1")).Message);
    }

    [Fact]
    public void DetachFilterHoldsAPartialSequenceBack()
    {
        var filter = new DetachKeyFilter([16, 17]);
        var output = new List<byte>();
        Assert.False(filter.Filter([1, 16], output));
        Assert.Equal([1], output);
        Assert.False(filter.Filter([2], output));
        Assert.Equal([1, 16, 2], output);
        output.Clear();
        Assert.True(filter.Filter([3, 16, 17, 4], output));
        Assert.Equal([3], output);
    }

    [Theory]
    [InlineData("10m", "1699999400.000000000")]
    [InlineData("1699999999", "1699999999")]
    [InlineData("1699999999.5", "1699999999.5")]
    [InlineData("2023-11-14T22:13:20Z", "1700000000.000000000")]
    [InlineData("2023-11-14T23:13:20+01:00", "1700000000.000000000")]
    public void LogTimestamps(string value, string expected) =>
        Assert.Equal(expected, LogTimestamp.Parse(value, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));

    [Theory]
    [InlineData(new[] { "run", "-it", "alpine", "ls", "-l" }, new[] { "run", "-it", "--", "alpine", "ls", "-l" })]
    [InlineData(new[] { "run", "-e", "X", "-h", "box", "alpine" }, new[] { "run", "-e", "X", "--hostname", "box", "--", "alpine" })]
    [InlineData(new[] { "container", "exec", "-u", "0", "c1", "sh", "-c", "x" }, new[] { "container", "exec", "-u", "0", "--", "c1", "sh", "-c", "x" })]
    [InlineData(new[] { "ps", "-a" }, new[] { "ps", "-a" })]
    [InlineData(new[] { "run", "--", "alpine" }, new[] { "run", "--", "alpine" })]
    public void PositionalStopInsertsDoubleDash(string[] args, string[] expected)
    {
        var root = new System.CommandLine.RootCommand
        {
            RunCommand.Create(),
            PsCommand.Create("ps"),
            new System.CommandLine.Command("container") { ExecCommand.Create() },
        };
        Assert.Equal(expected, PositionalStop.Apply(root, args));
    }

    [Fact]
    public async Task FramesAreDemultiplexed()
    {
        var wire = new MemoryStream();
        await StdFrames.WriteAsync(wire, StdStreamType.Stdout, "out"u8.ToArray(), CancellationToken.None);
        await StdFrames.WriteAsync(wire, StdStreamType.Stderr, "err"u8.ToArray(), CancellationToken.None);
        await StdFrames.WriteAsync(wire, StdStreamType.Stdout, "put"u8.ToArray(), CancellationToken.None);
        wire.Position = 0;
        var (stdout, stderr) = (new MemoryStream(), new MemoryStream());
        await new HijackedStreams(wire, false, null, stdout, stderr, null, () => { }).RunAsync(CancellationToken.None);
        Assert.Equal("output", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task TtyOutputIsRawAndStdinEndHalfCloses()
    {
        var wire = new MemoryStream("raw\x1b[0m"u8.ToArray());
        var stdout = new MemoryStream();
        var closed = false;
        var stdin = new MemoryStream();
        await new HijackedStreams(wire, true, stdin, stdout, stdout, [16, 17], () => closed = true).RunAsync(CancellationToken.None);
        Assert.Equal("raw\x1b[0m", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.True(closed);
    }

    [Fact]
    public void UnableToFindImageUsesTheDefaultTag()
    {
        Assert.Equal("alpine:latest", ContainerCreation.WithDefaultTag("alpine"));
        Assert.Equal("localhost:5000/x:latest", ContainerCreation.WithDefaultTag("localhost:5000/x"));
        Assert.Equal("alpine:3", ContainerCreation.WithDefaultTag("alpine:3"));
    }

    [Theory]
    [InlineData("failed to create task: exec: \"nope\": executable file not found in $PATH", 127)]
    [InlineData("exec /bin/x: permission denied", 126)]
    [InlineData("No such image: missing", 125)]
    public void RunErrorExitCodes(string message, int code)
    {
        var e = ContainerCreation.RunError(new Api.Client.ApiException(System.Net.HttpStatusCode.BadRequest, message));
        Assert.Equal(code, e.ExitCode);
        Assert.Equal($"berth: Error response from daemon: {message}\n\nRun 'berth run --help' for more information", e.Message);
    }
}
