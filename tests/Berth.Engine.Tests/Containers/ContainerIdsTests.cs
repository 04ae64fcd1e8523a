using Berth.Engine.Containers;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerIdsTests
{
    [Fact]
    public void New_Is64LowerHex_Unique_AndItsShortFormIsNeverAllDigits()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => ContainerIds.New()).ToList();
        Assert.All(ids, id =>
        {
            Assert.Matches("^[0-9a-f]{64}$", id);
            Assert.True(ContainerIds.IsFullId(id));
            Assert.DoesNotMatch("^[0-9]+$", ContainerIds.Short(id));
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("g000000000000000000000000000000000000000000000000000000000000000")]
    public void IsFullId_RejectsShortUpperCaseAndNonHex(string value) => Assert.False(ContainerIds.IsFullId(value));

    [Fact]
    public void Short_IsTheFirstTwelveCharacters() =>
        Assert.Equal("0123456789ab", ContainerIds.Short("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
}
