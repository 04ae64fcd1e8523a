using Berth.Build.Solver;
using Berth.Dockerfile;
using Berth.Dockerfile.Expansion;

namespace Berth.Build.Tests.Solver;

public sealed class BuildVariablesTests
{
    private static readonly Dictionary<string, string?> BuildArgs = new() { ["GIVEN"] = "cli", ["HTTP_PROXY"] = "http://proxy:3128", ["EMPTY"] = null };

    [Fact]
    public void Declare_PrefersTheBuildArg_ThenTheDefault_ThenTheGlobal()
    {
        var variables = new BuildVariables(BuildArgs, new Dictionary<string, string> { ["GLOBAL"] = "g" });

        variables.Declare("GIVEN", "default");
        variables.Declare("OWN", "default");
        variables.Declare("GLOBAL", null);
        variables.Declare("UNSET", null);
        variables.Declare("EMPTY", "fallback");

        Assert.Equal(new Dictionary<string, string> { ["GIVEN"] = "cli", ["OWN"] = "default", ["GLOBAL"] = "g", ["EMPTY"] = "fallback" }, variables.Declared);
    }

    [Fact]
    public void Lookup_EnvWinsOverArg()
    {
        var variables = new BuildVariables(BuildArgs, new Dictionary<string, string>());
        variables.Declare("NAME", "arg");

        var lookup = variables.Lookup(["NAME=env"]);

        Assert.Equal("env", lookup("NAME"));
        Assert.Null(lookup("OTHER"));
    }

    [Fact]
    public void RunArguments_AreDeclaredArgsNotShadowedByEnv_PlusProxyArgsWithoutDeclaration()
    {
        var variables = new BuildVariables(BuildArgs, new Dictionary<string, string>());
        variables.Declare("GIVEN", null);
        variables.Declare("SHADOWED", "x");

        var arguments = variables.RunArguments(["SHADOWED=env"]);

        Assert.Equal([new("GIVEN", "cli"), new("HTTP_PROXY", "http://proxy:3128")], arguments);
    }

    [Fact]
    public void Globals_ExpandInOrder_AndTakeBuildArgs()
    {
        var dockerfile = DockerfileParser.Parse("ARG BASE=busybox\nARG TAG=${BASE}-1\nARG GIVEN=no\nFROM $BASE\n");

        var globals = BuildVariables.Globals(dockerfile.GlobalArgs, BuildArgs, new Dictionary<string, string> { ["TARGETARCH"] = "amd64" }, new InstructionExpander());

        Assert.Equal("busybox-1", globals["TAG"]);
        Assert.Equal("cli", globals["GIVEN"]);
        Assert.Equal("amd64", globals["TARGETARCH"]);
    }
}
