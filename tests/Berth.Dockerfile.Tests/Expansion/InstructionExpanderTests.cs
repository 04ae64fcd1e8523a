using Berth.Dockerfile.Expansion;
using Berth.Dockerfile.Instructions;
using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Tests.Expansion;

public sealed class InstructionExpanderTests
{
    private static readonly VariableLookup Env = VariableLookups.From(new Dictionary<string, string>
    {
        ["NAME"] = "world",
        ["DIR"] = "/app",
        ["PORTS"] = "80 443/tcp",
        ["USERNAME"] = "svc",
        ["TAG"] = "3.20",
        ["ARCH"] = "arm64",
    });

    private static T Expand<T>(string dockerfile, int index = 0, char escape = '\\') where T : Instruction
    {
        var parsed = DockerfileParser.Parse(dockerfile);
        var expander = new InstructionExpander(escape);
        return Assert.IsType<T>(expander.Expand(parsed.Stages[0].Instructions[index], Env));
    }

    [Fact]
    public void EnvRemovesQuotesAndExpandsKeysAndValues()
    {
        var env = Expand<EnvInstruction>("FROM a\nENV A=\"hello $NAME\" B='$NAME' C=Rex\\ Dog ${NAME}_KEY=x\n");
        Assert.Equal(
            [new KeyValue("A", "hello world", true), new KeyValue("B", "$NAME", true), new KeyValue("C", "Rex Dog", true), new KeyValue("world_KEY", "x", true)],
            env.Variables);
    }

    [Fact]
    public void LegacyEnvValueIsOneWordAfterExpansion()
    {
        var env = Expand<EnvInstruction>("FROM a\nENV GREETING hello \"$NAME\"  again\n");
        Assert.Equal(new KeyValue("GREETING", "hello world  again", false), Assert.Single(env.Variables));
    }

    [Fact]
    public void LabelValuesLoseTheirQuotes()
    {
        var label = Expand<LabelInstruction>("FROM a\nLABEL \"com.example\"=\"ACME $NAME\" v=1\n");
        Assert.Equal([new KeyValue("com.example", "ACME world", true), new KeyValue("v", "1", true)], label.Labels);
    }

    [Fact]
    public void CopyExpandsPathsAndOwnershipButNotFrom()
    {
        var copy = Expand<CopyInstruction>("FROM a\nCOPY --from=build --chown=$USERNAME:$USERNAME --chmod=${MODE:-644} src/$NAME $DIR/\n");
        Assert.Equal(["src/world"], copy.Sources);
        Assert.Equal("/app/", copy.Destination);
        Assert.Equal("svc:svc", copy.Chown);
        Assert.Equal("644", copy.Chmod);
        Assert.Equal("build", copy.From);
    }

    [Fact]
    public void CopyFromWithAVariableIsRejected()
    {
        var error = Assert.Throws<DockerfileParseException>(() => Expand<CopyInstruction>("FROM a\nCOPY --from=$STAGE x y\n"));
        Assert.Equal(
            "Dockerfile:2: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
            error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void HeredocSourcesExpandOnlyWithUnquotedDelimiters()
    {
        var dockerfile = "FROM a\nCOPY <<EOF <<\"RAW\" /dst/\nhello \"$NAME\" '${DIR}'\nEOF\nkeep $NAME\nRAW\n";
        var copy = Expand<CopyInstruction>(dockerfile);
        Assert.Equal(
            [new InlineSource("EOF", "hello \"world\" '/app'\n", true), new InlineSource("RAW", "keep $NAME\n", false)],
            copy.InlineSources);
    }

    [Fact]
    public void AddExpandsChecksumAndPaths()
    {
        var add = Expand<AddInstruction>("FROM a\nADD --checksum=sha256:${SUM:-abc} https://x/$TAG.tgz $DIR\n");
        Assert.Equal("sha256:abc", add.Checksum);
        Assert.Equal(["https://x/3.20.tgz"], add.Sources);
        Assert.Equal("/app", add.Destination);
    }

    [Fact]
    public void ExposeSplitsExpandedWords()
    {
        var expose = Expand<ExposeInstruction>("FROM a\nEXPOSE $PORTS 8080\n");
        Assert.Equal(["80", "443/tcp", "8080"], expose.Ports);
    }

    [Fact]
    public void SingleWordInstructionsExpand()
    {
        var dockerfile = "FROM a\nWORKDIR $DIR/$NAME\nUSER ${USERNAME}:0\nSTOPSIGNAL ${SIG:-SIGQUIT}\nVOLUME [\"$DIR/data\", \"/v\"]\n";
        Assert.Equal("/app/world", Expand<WorkdirInstruction>(dockerfile, 0).Path);
        Assert.Equal("svc:0", Expand<UserInstruction>(dockerfile, 1).User);
        Assert.Equal("SIGQUIT", Expand<StopSignalInstruction>(dockerfile, 2).Signal);
        Assert.Equal(["/app/data", "/v"], Expand<VolumeInstruction>(dockerfile, 3).Volumes);
    }

    [Fact]
    public void CommandsAreLeftToTheShell()
    {
        var dockerfile = "FROM a\nCMD [\"echo\", \"$NAME\"]\nENTRYPOINT echo $NAME\nONBUILD RUN echo $NAME\nHEALTHCHECK CMD echo $NAME\n";
        var parsed = DockerfileParser.Parse(dockerfile);
        var expander = new InstructionExpander();
        foreach (var instruction in parsed.Stages[0].Instructions)
        {
            Assert.Same(instruction, expander.Expand(instruction, Env));
        }
    }

    [Fact]
    public void RunMountsAreReadAgainAfterExpansion()
    {
        var run = Expand<RunInstruction>("FROM a\nRUN --mount=type=cache,id=cache-$ARCH,target=$DIR/.cache,uid=${UID:-1000} make $NAME\n");
        Assert.Equal(["make $NAME"], run.Command.Args);
        var mount = Assert.Single(run.Mounts);
        Assert.Equal("cache-arm64", mount.Id);
        Assert.Equal("/app/.cache", mount.Target);
        Assert.Equal(1000u, mount.Uid);
    }

    [Fact]
    public void ParsePassLeavesVariableMountValuesForExpansion()
    {
        var parsed = DockerfileParser.Parse("FROM a\nRUN --mount=type=$KIND,target=/t,uid=$ID x\n");
        var mount = Assert.Single(Assert.IsType<RunInstruction>(parsed.Stages[0].Instructions[0]).Mounts);
        Assert.Equal(MountType.Bind, mount.Type);
        Assert.Null(mount.Uid);
    }

    [Fact]
    public void FromExpandsWithTheGlobalArgs()
    {
        var parsed = DockerfileParser.Parse("ARG TAG\nFROM --platform=linux/$ARCH alpine:${TAG:-latest}\n");
        var from = Assert.IsType<FromInstruction>(new InstructionExpander().Expand(parsed.Stages[0].From, Env));
        Assert.Equal("alpine:3.20", from.BaseName);
        Assert.Equal("linux/arm64", from.Platform);
    }

    [Fact]
    public void ArgDefaultsExpand()
    {
        var arg = Expand<ArgInstruction>("FROM a\nARG GREETING=\"hi $NAME\" PLAIN\n");
        Assert.Equal([new ArgDefinition("GREETING", "hi world"), new ArgDefinition("PLAIN", null)], arg.Args);
    }

    [Fact]
    public void ExpansionErrorsCarryTheInstructionLine()
    {
        var error = Assert.Throws<DockerfileParseException>(() => Expand<WorkdirInstruction>("FROM a\n\n\nWORKDIR ${MISSING:?set MISSING}\n"));
        Assert.Equal("Dockerfile:4: failed to process \"${MISSING:?set MISSING}\": MISSING: set MISSING", error.Message);
        Assert.Equal("failed to process \"${MISSING:?set MISSING}\": MISSING: set MISSING", error.Reason);
    }

    [Fact]
    public void BacktickDockerfilesExpandWithTheirEscapeToken()
    {
        var parsed = DockerfileParser.Parse("# escape=`\nFROM a\nWORKDIR c:\\$NAME\\`$NAME\n");
        Assert.Equal('`', parsed.EscapeToken);
        var workdir = Assert.IsType<WorkdirInstruction>(new InstructionExpander(parsed.EscapeToken).Expand(parsed.Stages[0].Instructions[0], Env));
        Assert.Equal("c:\\world\\$NAME", workdir.Path);
    }

    [Theory]
    [InlineData("Env", true)]
    [InlineData("Copy", true)]
    [InlineData("Expose", true)]
    [InlineData("From", true)]
    [InlineData("Run", true)]
    [InlineData("Cmd", false)]
    [InlineData("Onbuild", false)]
    [InlineData("Healthcheck", false)]
    [InlineData("Shell", false)]
    public void KnowsWhichInstructionsExpand(string kind, bool expands) =>
        Assert.Equal(expands, InstructionExpander.Expands(Enum.Parse<InstructionKind>(kind)));
}
