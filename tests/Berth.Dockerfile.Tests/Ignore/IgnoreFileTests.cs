using Berth.Dockerfile.Ignore;

namespace Berth.Dockerfile.Tests.Ignore;

/// <summary>.dockerignore matching, case by case as Docker's pattern matcher decides them.</summary>
public sealed class IgnoreFileTests
{
    [Theory]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)] // '*' stays in its directory
    [InlineData("**/*.md", "docs/a/README.md", true)]
    [InlineData("**/*.md", "README.md", true)] // "**/" may match nothing
    [InlineData("docs/**", "docs/a/b.txt", true)]
    [InlineData("docs/**", "docsx/a", false)]
    [InlineData("*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/temp*", "temp", false)]
    [InlineData("*/*/temp*", "a/b/temp.txt", true)]
    [InlineData("temp?", "temp1", true)]
    [InlineData("temp?", "temp12", false)]
    [InlineData("temp?", "temp/", false)]
    [InlineData("node_modules", "node_modules/x/y.js", true)] // a directory's pattern covers its contents
    [InlineData("node_modules", "src/node_modules/x", false)] // anchored at the root, unlike .gitignore
    [InlineData("/secret", "secret", true)] // a leading slash is the context root
    [InlineData("./a/../b", "b", true)] // cleaned as a path
    [InlineData("a/b/", "a/b/c", true)]
    [InlineData("[ab].txt", "a.txt", true)]
    [InlineData("[ab].txt", "c.txt", false)]
    [InlineData("[^ab].txt", "c.txt", true)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData(@"\*.txt", "*.txt", true)]
    [InlineData(@"\*.txt", "a.txt", false)]
    [InlineData("a.b", "axb", false)] // '.' is literal
    [InlineData("a+(b)", "a+(b)", true)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("a**b", "a/x/b", true)]
    public void SinglePattern(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, IgnoreFile.Parse(pattern).Excludes(path));

    [Fact]
    public void LastMatchingLineWins_ExceptionsReadmit()
    {
        var ignore = IgnoreFile.Parse("*.md\n!README*.md\nREADME-secret.md\n");

        Assert.True(ignore.Excludes("CHANGES.md"));
        Assert.False(ignore.Excludes("README.md"));
        Assert.True(ignore.Excludes("README-secret.md"));
        Assert.False(ignore.Excludes("main.go"));
    }

    [Fact]
    public void Exception_ReadmitsAPathInsideAnExcludedDirectory()
    {
        var ignore = IgnoreFile.Parse("vendor\n!vendor/keep/**\n");

        Assert.True(ignore.Excludes("vendor/drop/a.go"));
        Assert.False(ignore.Excludes("vendor/keep/b.go"));
        Assert.True(ignore.HasExceptions);
    }

    [Fact]
    public void CommentsBlanksAndSurroundingSpace_AreSkipped()
    {
        var ignore = IgnoreFile.Parse("# comment\n\n   \n  build/  \r\n#*.txt\n");

        Assert.Single(ignore.Patterns);
        Assert.Equal("build", ignore.Patterns[0].Text);
        Assert.True(ignore.Excludes("build/out"));
        Assert.False(ignore.Excludes("a.txt"));
    }

    [Fact]
    public void HashNotInFirstColumn_IsPartOfThePattern()
    {
        var ignore = IgnoreFile.Parse(" #notacomment\n");

        Assert.True(ignore.Excludes("#notacomment"));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("!   ")]
    public void LoneExclamationMark_IsAnError(string line)
    {
        var error = Assert.Throws<FormatException>(() => IgnoreFile.Parse(line));
        Assert.StartsWith("illegal exclusion pattern", error.Message);
    }

    [Fact]
    public void UnclosedClass_IsAnError() =>
        Assert.Throws<FormatException>(() => IgnoreFile.Parse("a[b"));

    [Theory]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("a/../../b", "../b")]
    [InlineData("/../a", "/a")]
    [InlineData("", ".")]
    [InlineData("./", ".")]
    public void CleanPath_AsGo(string path, string clean) => Assert.Equal(clean, CleanPath.Clean(path));
}
