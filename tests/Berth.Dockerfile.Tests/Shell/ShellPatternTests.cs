using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Tests.Shell;

public sealed class ShellPatternTests
{
    [Theory]
    [InlineData("*", "^.*")]
    [InlineData("?", "^.")]
    [InlineData("\\*", "^\\*")]
    [InlineData("a.b(c)", "^a\\.b\\(c\\)")]
    public void CompilesGlobsToAnchoredRegex(string pattern, string regex) =>
        Assert.Equal(regex, ShellPattern.Compile(pattern, greedy: true, anchored: true).ToString());

    [Theory]
    [InlineData("a\\*c", "c\\*a")]
    [InlineData("ab\\", "\\ba")]
    [InlineData("\\\\b", "b\\\\")]
    public void ReversesPatternsKeepingEscapes(string pattern, string reversed) =>
        Assert.Equal(reversed, ShellPattern.ReversePattern(pattern));

    [Fact]
    public void TrimSuffixHandlesNonBmpCharacters() =>
        Assert.Equal("👽🚀", ShellPattern.TrimSuffix("🖖", "👽🚀🖖", greedy: false));
}
