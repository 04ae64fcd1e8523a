using Berth.Network.Ipam;
using Berth.Oci;

namespace Berth.Network.Tests.Ipam;

public sealed class Ipv4SubnetTests
{
    [Fact]
    public void Parse_MasksHostBits_AndFormatsBack()
    {
        var subnet = Ipv4Subnet.Parse("172.30.5.9/16");
        Assert.Equal("172.30.0.0/16", subnet.ToString());
        Assert.Equal("172.30.0.1", Ipv4Subnet.Format(subnet.FirstHost));
        Assert.Equal("172.30.255.254", Ipv4Subnet.Format(subnet.LastHost));
        Assert.Equal("172.30.255.255", Ipv4Subnet.Format(subnet.Broadcast));
    }

    [Theory]
    [InlineData("172.30.0.0")]
    [InlineData("172.30.0.0/33")]
    [InlineData("::1/64")]
    [InlineData("bogus/8")]
    public void Parse_RefusesWhatIsNotIpv4Cidr(string text)
    {
        var e = Assert.Throws<BerthException>(() => Ipv4Subnet.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", true)]
    [InlineData("172.30.0.0/16", "172.31.0.0/16", false)]
    [InlineData("192.168.0.0/20", "192.168.16.0/20", false)]
    public void Overlaps_IsSymmetric(string a, string b, bool expected)
    {
        Assert.Equal(expected, Ipv4Subnet.Parse(a).Overlaps(Ipv4Subnet.Parse(b)));
        Assert.Equal(expected, Ipv4Subnet.Parse(b).Overlaps(Ipv4Subnet.Parse(a)));
    }
}
