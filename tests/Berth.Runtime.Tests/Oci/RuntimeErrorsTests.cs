using Berth.Oci;
using Berth.Runtime.OciRuntimes;

namespace Berth.Runtime.Tests.OciRuntimes;

public sealed class RuntimeErrorsTests
{
    private static readonly OciRuntimeOptions Runc = new("runc", "/usr/sbin/runc", "/run/berth/runc");

    [Fact]
    public void Message_KeepsOnlyTheMsgOfJsonErrorLines()
    {
        const string stderr = """
            {"level":"warning","msg":"a warning","time":"2024-01-01T00:00:00Z"}
            {"level":"error","msg":"runc create failed: unable to start container process: exec: \"/x\": stat /x: no such file or directory","time":"2024-01-01T00:00:00Z"}
            """;

        Assert.Equal("runc create failed: unable to start container process: exec: \"/x\": stat /x: no such file or directory",
            RuntimeErrors.Message(stderr));
    }

    [Fact]
    public void Message_KeepsPlainLinesAsTheyAre() =>
        Assert.Equal("crun: something broke; {not json", RuntimeErrors.Message("crun: something broke\n{not json\n"));

    [Theory]
    [InlineData("container does not exist")]
    [InlineData("error opening file `/run/berth/runc/abc/status`: No such file or directory")]
    [InlineData("cannot open directory '/run/berth/runc/abc': No such file or directory")]
    public void Failure_UnknownContainer_IsNotFound(string message)
    {
        var e = RuntimeErrors.Failure(Runc, "kill", "abc", message);
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal("runc: no such container: abc", e.Message);
    }

    [Theory]
    [InlineData("exec: \"/x\": stat /x: no such file or directory", ErrorKind.InvalidArgument)]
    [InlineData("exec: \"nope\": executable file not found in $PATH", ErrorKind.InvalidArgument)]
    [InlineData("exec /x: permission denied", ErrorKind.InvalidArgument)]
    [InlineData("error opening file `/run/berth/runc/other/status`: No such file or directory", ErrorKind.InvalidArgument)]
    [InlineData("cannot enter cgroupv2 \"/sys/fs/cgroup/berth\" with domain controllers", ErrorKind.Internal)]
    public void Failure_ReadsLikeDocker(string message, ErrorKind kind)
    {
        var e = RuntimeErrors.Failure(Runc, "create", "abc", message);
        Assert.Equal(kind, e.Kind);
        Assert.Equal("OCI runtime create failed: " + message, e.Message);
    }

    [Fact]
    public void Failure_WithoutMessage_SaysWhatFailed() =>
        Assert.Equal("OCI runtime start failed: runc start abc failed without a message",
            RuntimeErrors.Failure(Runc, "start", "abc", "").Message);
}
