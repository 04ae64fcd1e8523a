using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class InsecureRegistryTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.10.0.3", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("192.0.2.10:443", false)]
    [InlineData("registry.invalid", false)]
    public async Task Loopback_IsInsecureByDefault(string host, bool insecure) =>
        Assert.Equal(insecure, await new RegistryOptions().IsInsecureAsync(host, CancellationToken.None));

    [Theory]
    [InlineData("10.1.2.3:5000", true)]
    [InlineData("10.2.0.1", false)]
    [InlineData("myregistry:5000", true)]
    [InlineData("myregistry:5001", false)]
    [InlineData("other.example", true)]
    public async Task Flags_AddCidrsAndHosts(string host, bool insecure)
    {
        var options = new RegistryOptions { InsecureRegistries = ["10.1.0.0/16", "myregistry:5000", "other.example"] };
        Assert.Equal(insecure, await options.IsInsecureAsync(host, CancellationToken.None));
    }
}
