using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile.Tests.Parsing;

public sealed class FlagExtractorTests
{
    public static TheoryData<string, string[], string> Cases() => new()
    {
        { "--a=1 --b rest of line", ["--a=1", "--b"], "rest of line" },
        { "no flags here", [], "no flags here" },
        { "--mount=\"type=bind,target=/a b\" cmd", ["--mount=type=bind,target=/a b"], "cmd" },
        { "--x='single quoted' cmd", ["--x=single quoted"], "cmd" },
        { "--x=a\\ b cmd", ["--x=a b"], "cmd" },
        { "--x=1 -- --y=2", ["--x=1"], " --y=2" },
        { "--only", ["--only"], "" },
        { "-single dash", [], "-single dash" },
        { "--x=\"\" cmd", ["--x="], "cmd" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SplitsLeadingFlags(string line, string[] flags, string rest)
    {
        var (actualFlags, actualRest) = FlagExtractor.Extract(line, '\\');
        Assert.Equal(flags, actualFlags);
        Assert.Equal(rest, actualRest);
    }
}
