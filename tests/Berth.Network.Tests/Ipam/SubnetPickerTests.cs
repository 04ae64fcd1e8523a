using Berth.Network.Ipam;

namespace Berth.Network.Tests.Ipam;

public sealed class SubnetPickerTests
{
    // /proc/net/route as the kernel writes it: destinations and masks in little-endian hex.
    private static readonly string[] Routes =
    [
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
        "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
        "berth0\t00001EAC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
    ];

    [Fact]
    public void ParseRoutes_SkipsTheDefaultRouteAndOwnDevices()
    {
        var routes = SubnetPicker.ParseRoutes(Routes, new HashSet<string> { "berth0" }).Select(r => r.ToString()).ToList();
        Assert.Equal(["192.0.2.0/24", "172.17.0.0/16"], routes);
    }

    [Fact]
    public void Pick_TakesTheDefaultBridgeSubnetWhenFree()
    {
        Assert.Equal(SubnetPicker.DefaultBridge, SubnetPicker.Pick(SubnetPicker.ParseRoutes(Routes, new HashSet<string> { "berth0" })));
    }

    [Fact]
    public void Pick_SkipsSubnetsARouteOrNetworkAlreadyCovers()
    {
        var taken = new[] { Ipv4Subnet.Parse("172.30.0.0/16"), Ipv4Subnet.Parse("172.31.0.0/16"), Ipv4Subnet.Parse("172.28.0.0/15") };
        Assert.Equal("172.27.0.0/16", SubnetPicker.Pick(taken).ToString());
    }

    [Fact]
    public void Pick_FallsBackTo192168_AndReportsExhaustion()
    {
        Assert.Equal("192.168.0.0/20", SubnetPicker.Pick([Ipv4Subnet.Parse("172.16.0.0/12")]).ToString());
        Assert.Null(SubnetPicker.Pick([Ipv4Subnet.Parse("172.16.0.0/12"), Ipv4Subnet.Parse("192.168.0.0/16")]));
    }
}
