using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class AuthChallengeTests
{
    [Fact]
    public void DockerHubsBearerChallenge_GivesRealmServiceAndScope()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\""));
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:library/busybox:pull", challenge["scope"]);
    }

    [Fact]
    public void BasicChallenge_AndCaseInsensitiveNames()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("basic Realm=\"Registry Realm\""));
        Assert.True(challenge.IsBasic);
        Assert.Equal("Registry Realm", challenge["realm"]);
    }

    [Fact]
    public void SeveralChallengesInOneHeader_AreSplitAtTheNextScheme()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"a, b\", Bearer realm=\"https://t/token\", service=reg, error=\"insufficient_scope\"");
        Assert.Equal(2, challenges.Count);
        Assert.Equal("a, b", challenges[0]["realm"]);
        Assert.True(challenges[1].IsBearer);
        Assert.Equal("reg", challenges[1]["service"]);
        Assert.Equal("insufficient_scope", challenges[1]["error"]);
    }

    [Fact]
    public void QuotedValues_UnescapeBackslashes()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("Bearer realm=\"say \\\"hi\\\"\""));
        Assert.Equal("say \"hi\"", challenge["realm"]);
    }

    [Fact]
    public void SchemeWithoutParameters_AndEmptyHeader()
    {
        Assert.Empty(Assert.Single(AuthChallenge.Parse("Bearer")).Parameters);
        Assert.Empty(AuthChallenge.Parse("  "));
    }
}
