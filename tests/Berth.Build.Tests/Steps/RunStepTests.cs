using Berth.Build.Steps;
using Berth.Dockerfile;
using Berth.Dockerfile.Instructions;
using Berth.Oci;

namespace Berth.Build.Tests.Steps;

public sealed class RunStepTests
{
    [Fact]
    public void ShellForm_RunsInTheShell_AndHistoryShowsTheBuildArgs()
    {
        var step = new RunStep(Parse("RUN make all"), new ContainerConfig(), [new("A", "1"), new("B", "2")]);

        Assert.Equal(["/bin/sh", "-c", "make all"], step.Args);
        Assert.Equal("RUN |2 A=1 B=2 /bin/sh -c make all # buildkit", step.CreatedBy);
        Assert.Equal("The command '/bin/sh -c make all' returned a non-zero code: 2", step.FailureMessage(2));
    }

    [Fact]
    public void ExecForm_IsTheArgvItself() =>
        Assert.Equal(["/bin/echo", "hi"], new RunStep(Parse("RUN [\"/bin/echo\", \"hi\"]"), null, []).Args);

    [Fact]
    public void HeredocAlone_IsTheScript()
    {
        var step = new RunStep(Parse("RUN <<EOF\necho one\necho two\nEOF"), null, []);

        Assert.Equal(["/bin/sh", "-c", "echo one\necho two\n"], step.Args);
    }

    [Fact]
    public void HeredocForACommand_IsLeftToTheShell()
    {
        var step = new RunStep(Parse("RUN cat <<EOF > /f\nbody\nEOF"), null, []);

        Assert.Equal("cat <<EOF > /f\nbody\nEOF\n", step.Args[2]);
    }

    [Fact]
    public void Process_AddsDefaultPath_AndTheArgs_AndPicksTheNetwork()
    {
        var step = new RunStep(Parse("RUN --network=none true"), new ContainerConfig { Env = ["X=1"], User = "nobody", WorkingDir = "/w" }, [new("A", "1")]);

        var process = step.Process(new ContainerConfig { Env = ["X=1"], User = "nobody", WorkingDir = "/w" }, "host", []);

        Assert.Equal([RunStep.DefaultPath, "X=1", "A=1"], process.Env);
        Assert.Equal(("nobody", "/w", "none"), (process.User, process.WorkingDir, process.NetworkMode));
    }

    private static RunInstruction Parse(string line) => (RunInstruction)DockerfileParser.Parse("FROM scratch\n" + line + "\n").Stages[0].Instructions[0];
}
