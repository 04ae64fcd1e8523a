using Berth.Api.Models;
using Berth.Cli.Commands.Container;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Tests.Container;

public sealed class PortSpecTests
{
    [Theory]
    [InlineData("80", "80/tcp", "", "")]
    [InlineData("8080:80", "80/tcp", "", "8080")]
    [InlineData("127.0.0.1:8080:80", "80/tcp", "127.0.0.1", "8080")]
    [InlineData("127.0.0.1::80/udp", "80/udp", "127.0.0.1", "")]
    [InlineData("[::1]:8080:80", "80/tcp", "::1", "8080")]
    [InlineData("5353:53/UDP", "53/udp", "", "5353")]
    public void Parse_DockersForms(string spec, string key, string hostIp, string hostPort)
    {
        var entry = Assert.Single(PortSpec.Parse(spec));
        Assert.Equal(key, entry.Key);
        Assert.Equal(new PortBinding { HostIp = hostIp, HostPort = hostPort }, entry.Binding);
    }

    [Fact]
    public void Parse_EqualRanges_PairUp()
    {
        var entries = PortSpec.Parse("8000-8002:80-82");
        Assert.Equal(["80/tcp", "81/tcp", "82/tcp"], entries.Select(e => e.Key));
        Assert.Equal(["8000", "8001", "8002"], entries.Select(e => e.Binding.HostPort));
    }

    [Theory]
    [InlineData("8080:80/xyz", "invalid proto: xyz")]
    [InlineData("0", "invalid containerPort: 0")]
    [InlineData("abc:80", "invalid hostPort: abc")]
    [InlineData("8000-8001:80", "invalid ranges specified for container and host Ports: 80 and 8000-8001")]
    [InlineData("1.2.3:80:80", "invalid IP address: 1.2.3")]
    public void Parse_RefusesBadSpecs_WithDockersReason(string spec, string reason)
    {
        var e = Assert.Throws<FlagValueException>(() => PortSpec.Parse(spec));
        Assert.Equal($"invalid argument \"{spec}\" for \"-p, --publish\" flag: {reason}", e.Message);
    }

    [Fact]
    public void Apply_PublishesExposesAndSetsTheEndpointOfTheNetwork()
    {
        var request = new ContainerCreateRequest { HostConfig = new HostConfig { NetworkMode = "web" }, NetworkingConfig = new NetworkingConfig { EndpointsConfig = [] } };
        var applied = ContainerNetworkFlags.Apply(request, new ContainerNetworkFlagValues
        {
            Publish = ["8080:80", "127.0.0.1::80"],
            Expose = ["9000-9001/udp"],
            Aliases = ["api"],
            Ip = "10.89.0.10",
            AddHosts = ["db=10.0.0.5", "cache:10.0.0.6"],
            Dns = ["1.1.1.1"],
        });
        Assert.Equal(["80/tcp", "9000/udp", "9001/udp"], applied.ExposedPorts!.Keys.Order());
        Assert.Equal(2, applied.HostConfig!.PortBindings!["80/tcp"]!.Count);
        Assert.Equal(["db:10.0.0.5", "cache:10.0.0.6"], applied.HostConfig.ExtraHosts);
        Assert.Equal(["1.1.1.1"], applied.HostConfig.Dns);
        var endpoint = applied.NetworkingConfig!.EndpointsConfig!["web"]!;
        Assert.Equal(["api"], endpoint.Aliases);
        Assert.Equal("10.89.0.10", endpoint.IPAMConfig!.IPv4Address);
    }

    [Fact]
    public void Apply_RefusesEndpointFlagsWithSeveralNetworks()
    {
        var request = new ContainerCreateRequest
        {
            HostConfig = new HostConfig { NetworkMode = "a" },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new() { ["a"] = new EndpointSettings(), ["b"] = new EndpointSettings() } },
        };
        Assert.Throws<ContainerOptionsException>(() => ContainerNetworkFlags.Apply(request, new ContainerNetworkFlagValues { Aliases = ["x"] }));
    }
}
