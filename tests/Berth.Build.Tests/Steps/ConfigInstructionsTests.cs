using Berth.Build.Steps;
using Berth.Dockerfile;
using Berth.Dockerfile.Instructions;
using Berth.Oci;

namespace Berth.Build.Tests.Steps;

/// <summary>Each config instruction's effect on the image config and the history text BuildKit writes for it.</summary>
public sealed class ConfigInstructionsTests
{
    [Theory]
    [InlineData("ENV A=1 B=\"two words\"", "ENV A=1 B=two words")]
    [InlineData("LABEL a=b", "LABEL a=b")]
    [InlineData("CMD echo hi", "CMD [\"/bin/sh\" \"-c\" \"echo hi\"]")]
    [InlineData("CMD [\"run\", \"x\"]", "CMD [\"run\" \"x\"]")]
    [InlineData("ENTRYPOINT [\"/entry\"]", "ENTRYPOINT [\"/entry\"]")]
    [InlineData("EXPOSE 443 80/udp", "EXPOSE map[443/tcp:{} 80/udp:{}]")]
    [InlineData("VOLUME /data /logs", "VOLUME [/data /logs]")]
    [InlineData("USER nobody", "USER nobody")]
    [InlineData("WORKDIR sub", "WORKDIR /base/sub")]
    [InlineData("STOPSIGNAL SIGINT", "STOPSIGNAL SIGINT")]
    [InlineData("SHELL [\"/bin/bash\", \"-c\"]", "SHELL [/bin/bash -c]")]
    [InlineData("ONBUILD RUN make", "ONBUILD RUN make")]
    [InlineData("MAINTAINER someone", "MAINTAINER someone")]
    public void CreatedBy(string line, string createdBy)
    {
        var result = Apply(line);

        Assert.Equal(createdBy, result.CreatedBy);
    }

    [Fact]
    public void Env_ReplacesAnExistingVariableInPlace()
    {
        var config = Apply("ENV B=new C=3").Image.Config!;

        Assert.Equal(["A=1", "B=new", "C=3"], config.Env!);
    }

    [Fact]
    public void Entrypoint_ClearsAnInheritedCmd_ButNotOneSetInThisStage()
    {
        Assert.Null(Apply("ENTRYPOINT [\"/e\"]").Image.Config!.Cmd);
        Assert.Equal(["inherited"], Apply("ENTRYPOINT [\"/e\"]", cmdSet: true).Image.Config!.Cmd!);
    }

    [Fact]
    public void CmdInShellForm_UsesTheImageShell()
    {
        var image = Base with { Config = Base.Config! with { Shell = ["/bin/bash", "-lc"] } };

        var result = ConfigInstructions.Apply(Parse("CMD make"), image, cmdSet: false)!;

        Assert.Equal(["/bin/bash", "-lc", "make"], result.Image.Config!.Cmd!);
        Assert.True(result.CmdSet);
    }

    [Fact]
    public void Healthcheck_BecomesTheConfigsHealthcheck_InNanoseconds()
    {
        var health = Apply("HEALTHCHECK --interval=5s --retries=2 CMD wget -q localhost").Image.Config!.Healthcheck!;

        Assert.Equal(["CMD-SHELL", "wget -q localhost"], health.Test!);
        Assert.Equal(5_000_000_000, health.Interval);
        Assert.Equal(2, health.Retries);
    }

    [Fact]
    public void Maintainer_SetsTheAuthor() => Assert.Equal("someone", Apply("MAINTAINER someone").Image.Author);

    [Theory]
    [InlineData("/base", "/abs", "/abs")]
    [InlineData("/base", "rel/../x", "/base/x")]
    [InlineData(null, "rel", "/rel")]
    public void ResolveWorkdir(string? current, string path, string resolved) =>
        Assert.Equal(resolved, ConfigInstructions.ResolveWorkdir(current, path));

    private static readonly ImageConfig Base = new() { Config = new ContainerConfig { Env = ["A=1", "B=old"], Cmd = ["inherited"], WorkingDir = "/base" } };

    private static ConfigInstructions.Result Apply(string line, bool cmdSet = false) => ConfigInstructions.Apply(Parse(line), Base, cmdSet)!;

    /// <summary>An instruction as the builder sees it: parsed, then expanded (quotes removed).</summary>
    private static Instruction Parse(string line)
    {
        var dockerfile = DockerfileParser.Parse("FROM scratch\n" + line + "\n");
        return new Dockerfile.Expansion.InstructionExpander().Expand(dockerfile.Stages[0].Instructions[0], Dockerfile.Shell.VariableLookups.Empty);
    }
}
