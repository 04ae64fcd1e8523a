using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Engine.Tests.Containers;

public sealed partial class ContainerNamesTests
{
    [GeneratedRegex("^[a-z]+_[a-z]+$")]
    private static partial Regex GeneratedShape();

    [Fact]
    public void Generate_MakesAdjectiveUnderscoreSurname_FromAWideEnoughSpace()
    {
        var random = new Random(1);
        var names = Enumerable.Range(0, 2000).Select(_ => ContainerNames.Generate(_ => false, random, "fallback")).ToList();
        Assert.All(names, name => Assert.Matches(GeneratedShape(), name));
        Assert.All(names, name => Assert.Equal(name, ContainerNames.Validate(name)));
        // About 40 × 40 pairs: 2000 draws should find well over a thousand distinct ones.
        Assert.True(names.Distinct().Count() > 1000, $"only {names.Distinct().Count()} distinct names");
    }

    [Fact]
    public void Generate_AfterACollision_AppendsADigit_AndSkipsTakenNames()
    {
        var taken = new HashSet<string>();
        var random = new Random(7);
        var first = ContainerNames.Generate(taken.Contains, random, "fallback");
        taken.Add(first);

        var tried = new List<string>();
        var second = ContainerNames.Generate(name => { tried.Add(name); return tried.Count == 1; }, new Random(7), "fallback");
        Assert.Equal(first, tried[0]);
        Assert.Matches("^[a-z]+_[a-z]+[0-9]$", second);
        Assert.DoesNotContain(second, taken);
    }

    [Fact]
    public void Generate_WhenEveryAttemptCollides_ReturnsTheFallback()
    {
        var attempts = 0;
        var name = ContainerNames.Generate(_ => { attempts++; return true; }, new Random(3), "0123456789ab");
        Assert.Equal("0123456789ab", name);
        Assert.True(attempts > 1);
    }

    [Theory]
    [InlineData("web", "web")]
    [InlineData("/web", "web")]
    [InlineData("my-app_1.2", "my-app_1.2")]
    [InlineData("0a", "0a")]
    [InlineData("A.B", "A.B")]
    public void Validate_AcceptsDockersNames_AndStripsTheSlash(string input, string expected) =>
        Assert.Equal(expected, ContainerNames.Validate(input));

    [Theory]
    [InlineData("a")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("-web")]
    [InlineData("_web")]
    [InlineData(".web")]
    [InlineData("we b")]
    [InlineData("web/1")]
    [InlineData("//web")]
    [InlineData("wéb")]
    public void Validate_RejectsOthers_WithDockersMessage(string input)
    {
        var error = Assert.Throws<BerthException>(() => ContainerNames.Validate(input));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"Invalid container name ({input}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", error.Message);
    }

    [Fact]
    public void Validate_RejectsATrailingNewline()
    {
        // .NET's $ also matches before a final newline; a name must not sneak one through.
        Assert.Throws<BerthException>(() => ContainerNames.Validate("web\n"));
    }
}
