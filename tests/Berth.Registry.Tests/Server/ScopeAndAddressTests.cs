using System.Net;
using Berth.Registry.Server;
using Berth.Registry.Server.Auth;
using Berth.Registry.Server.Hosting;

namespace Berth.Registry.Tests.Server;

public sealed class ScopeAndAddressTests
{
    [Fact]
    public void Scopes_parse_from_several_parameters_and_space_separated_lists()
    {
        var scopes = Scope.Parse(["repository:a/b:pull,push registry:catalog:*", "repository:c:pull", "garbage", null]);
        Assert.Equal(["repository:a/b:pull,push", "registry:catalog:*", "repository:c:pull"], scopes.Select(s => s.ToString()));
    }

    [Fact]
    public void Granted_scopes_cover_only_what_they_name()
    {
        ResourceAccess[] granted = [Scope.Repository("a", Scope.Pull, Scope.Push), new("repository", "b", ["*"])];
        Assert.True(Scope.Covers(granted, Scope.Repository("a", Scope.Pull)));
        Assert.True(Scope.Covers(granted, Scope.Repository("a", Scope.Pull, Scope.Push)));
        Assert.False(Scope.Covers(granted, Scope.Repository("a", Scope.Delete)));
        Assert.True(Scope.Covers(granted, Scope.Repository("b", Scope.Delete)));
        Assert.False(Scope.Covers(granted, Scope.Repository("c", Scope.Pull)));
    }

    [Theory]
    [InlineData("127.0.0.1:5000", "127.0.0.1", 5000)]
    [InlineData(":5000", "0.0.0.0", 5000)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("0.0.0.0:443", "0.0.0.0", 443)]
    public void Listen_addresses_parse(string value, string address, int port)
    {
        var parsed = ListenAddress.Parse(value);
        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
    }

    [Fact]
    public void Localhost_listens_on_the_loopbacks()
    {
        Assert.True(ListenAddress.Parse("localhost:5000").IsLocalhost);
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("registry.example:5000")]
    public void Bad_listen_addresses_are_refused(string value)
    {
        Assert.Throws<ArgumentException>(() => ListenAddress.Parse(value));
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v1.2.3-rc_1", true)]
    [InlineData("_underscore", true)]
    [InlineData(".dot", false)]
    [InlineData("-dash", false)]
    [InlineData("has/slash", false)]
    public void Tags_follow_the_spec_grammar(string tag, bool valid)
    {
        Assert.Equal(valid, RepositoryName.IsValidTag(tag));
        Assert.False(RepositoryName.IsValidTag(new string('a', 129)));
    }
}
