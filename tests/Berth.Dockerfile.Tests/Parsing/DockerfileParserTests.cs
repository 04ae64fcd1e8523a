using Berth.Dockerfile.Instructions;

namespace Berth.Dockerfile.Tests.Parsing;

public sealed class DockerfileParserTests
{
    private const string MultiStage = "ARG BASE=alpine\nFROM $BASE AS Build\nRUN make\nFROM busybox\nFROM scratch AS final\nCOPY --from=build /out /\n";

    [Fact]
    public void GroupsInstructionsIntoStagesAfterGlobalArgs()
    {
        var parsed = DockerfileParser.Parse(MultiStage);
        var global = Assert.Single(parsed.GlobalArgs);
        Assert.Equal(new ArgDefinition("BASE", "alpine"), Assert.Single(global.Args));
        Assert.Equal([0, 1, 2], parsed.Stages.Select(s => s.Index));
        Assert.Equal(["build", null, "final"], parsed.Stages.Select(s => s.Name));
        Assert.Equal([1, 0, 1], parsed.Stages.Select(s => s.Instructions.Count));
    }

    [Theory]
    [InlineData("build", 0)]
    [InlineData("BUILD", 0)]
    [InlineData("1", 1)]
    [InlineData("final", 2)]
    public void FindsStagesByNameOrIndex(string reference, int index) =>
        Assert.Equal(index, DockerfileParser.Parse(MultiStage).FindStage(reference)?.Index);

    [Theory]
    [InlineData("3")]
    [InlineData("alpine:3.20")]
    [InlineData("-1")]
    public void UnknownStageReferencesAreImages(string reference) =>
        Assert.Null(DockerfileParser.Parse(MultiStage).FindStage(reference));

    [Fact]
    public void RepeatedStageNamesResolveToTheLastOneBeforeTheReference()
    {
        var parsed = DockerfileParser.Parse("FROM a AS x\nFROM b AS x\nFROM x AS y\nFROM c AS x\n");
        Assert.Equal(3, parsed.FindStage("x")?.Index);
        Assert.Equal(1, parsed.FindStage("x", before: 2)?.Index);
        Assert.Null(parsed.FindStage("y", before: 2));
        Assert.Null(parsed.FindStage("2", before: 2));
    }

    [Fact]
    public void ErrorsNameTheGivenFile()
    {
        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse("FROM a\nRUNN x\n", "build/Dockerfile.dev"));
        Assert.Equal("build/Dockerfile.dev:2: unknown instruction: RUNN (did you mean RUN?)", error.Message);
        Assert.Equal("build/Dockerfile.dev", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal("unknown instruction: RUNN (did you mean RUN?)", error.Reason);
    }

    [Fact]
    public void AnOnbuildExpressionParsesAgainAsItsTrigger()
    {
        var parsed = DockerfileParser.Parse("FROM a\nONBUILD RUN <<EOF\necho $HOME\nEOF\n");
        var onbuild = Assert.IsType<OnbuildInstruction>(Assert.Single(parsed.Stages[0].Instructions));
        var trigger = Assert.IsType<RunInstruction>(DockerfileParser.ParseInstruction(onbuild.Expression, "Dockerfile", 2));
        var heredoc = Assert.Single(trigger.Command.Heredocs);
        Assert.Equal("echo $HOME\n", heredoc.Content);
        Assert.Equal(2, trigger.StartLine);
    }

    [Fact]
    public void ChompedHeredocsStripLeadingTabsForUse()
    {
        var parsed = DockerfileParser.Parse("FROM a\nRUN <<-EOF\n\t\techo a\n  \techo b\n\tEOF\n");
        var heredoc = Assert.Single(Assert.IsType<RunInstruction>(parsed.Stages[0].Instructions[0]).Command.Heredocs);
        Assert.Equal("\t\techo a\n  \techo b\n", heredoc.Content);
        Assert.Equal("echo a\n  \techo b\n", heredoc.EffectiveContent());
    }

    [Fact]
    public void DirectivesAreExposedByName()
    {
        var parsed = DockerfileParser.Parse("# Syntax=docker/dockerfile:1\n# check=error=true\nFROM a\n");
        Assert.Equal("docker/dockerfile:1", parsed.Directives.Syntax);
        Assert.Equal("error=true", parsed.Directives.Check);
        Assert.Null(parsed.Directives.Escape);
        Assert.Equal('\\', parsed.EscapeToken);
    }

    [Fact]
    public void OriginalTextIsTheJoinedLogicalLine()
    {
        var parsed = DockerfileParser.Parse("FROM a\nRUN  apt-get update \\\n # comment\n  && apt-get install -y x\n");
        var run = parsed.Stages[0].Instructions[0];
        Assert.Equal("RUN  apt-get update   && apt-get install -y x", run.Original);
        Assert.Equal((2, 4), (run.StartLine, run.EndLine));
    }
}
