using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Engine.Tests.Images;

public sealed class ImageChangesTests
{
    private static ContainerConfig Apply(params string[] changes) => ImageChanges.Apply(new ContainerConfig(), changes);

    [Fact]
    public void Cmd_JsonForm_IsKept_ShellForm_IsWrappedInShC()
    {
        Assert.Equal(["sh"], Apply("CMD [\"sh\"]").Cmd);
        Assert.Equal(["/bin/sh", "-c", "echo hi there"], Apply("CMD echo hi there").Cmd);
        Assert.Equal(["/entry", "x"], Apply("entrypoint [\"/entry\", \"x\"]").Entrypoint);
    }

    [Fact]
    public void Env_AcceptsBothForms_AndLaterValuesWin()
    {
        var config = Apply("ENV A=1 B=\"two words\"", "ENV C three words", "ENV A=4");
        Assert.Equal(["B=two words", "C=three words", "A=4"], config.Env);
    }

    [Fact]
    public void LabelExposeVolumeUserWorkdirStopsignal()
    {
        var config = Apply("LABEL a=b \"c d\"=e", "EXPOSE 80 53/UDP", "VOLUME [\"/data\", \"/logs\"]", "USER nobody", "WORKDIR /srv", "STOPSIGNAL SIGINT");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b", ["c d"] = "e" }, config.Labels);
        Assert.Equal(["80/tcp", "53/udp"], config.ExposedPorts!.Keys);
        Assert.Equal(["/data", "/logs"], config.Volumes!.Keys);
        Assert.Equal("nobody", config.User);
        Assert.Equal("/srv", config.WorkingDir);
        Assert.Equal("SIGINT", config.StopSignal);
    }

    [Theory]
    [InlineData("RUN echo hi", "RUN is not a valid change command")]
    [InlineData("EXPOSE 99999", "invalid port \"99999\"")]
    [InlineData("EXPOSE 80/foo", "invalid port \"80/foo\"")]
    [InlineData("USER", "USER requires exactly one argument")]
    [InlineData("ENV A=\"unterminated", "unmatched quote")]
    [InlineData("LABEL =x", "LABEL names can not be blank")]
    public void BadChanges_AreInvalidArguments(string change, string message)
    {
        var error = Assert.Throws<BerthException>(() => Apply(change));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(message, error.Message);
    }
}
