using Berth.Oci;

namespace Berth.Images.Tests.Content;

public sealed class DigestTests
{
    [Fact]
    public void Compute_MatchesTheKnownSha256OfEmptyInput() =>
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Compute([]).ToString());

    [Theory]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true)]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", false)]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", false)]
    [InlineData("sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false)]
    [InlineData("sha256:../../../../etc/passwd000000000000000000000000000000000000000000", false)]
    [InlineData("", false)]
    public void TryParse_AcceptsOnlyLowercaseSha256(string value, bool valid)
    {
        Assert.Equal(valid, Digest.TryParse(value, out var digest));
        if (valid) Assert.Equal(value, digest.ToString());
    }

    [Fact]
    public void Short_IsTwelveHexCharacters() =>
        Assert.Equal("e3b0c44298fc", Digest.Compute([]).Short);
}
