using System.Text.Json.Nodes;
using Berth.Network.Cni;

namespace Berth.Network.Tests.Cni;

public sealed class CniConfigListTests
{
    private static NetworkDefinition Network(bool isInternal = false, string? ipRange = null) => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Name = "web",
        BridgeName = "br-0123456789ab",
        Subnet = "10.89.0.0/24",
        Gateway = "10.89.0.1",
        IpRange = ipRange,
        Internal = isInternal,
        Created = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Build_ChainsBridgePortmapFirewallTuning_WithHostLocalUnderTheDataDir()
    {
        var list = CniConfigList.Build(Network(), "/var/lib/berth/network/ipam/x");
        Assert.Equal("1.0.0", list["cniVersion"]!.GetValue<string>());
        Assert.Equal("berth-0123456789ab", list["name"]!.GetValue<string>());
        var plugins = list["plugins"]!.AsArray().Select(p => p!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["bridge", "portmap", "firewall", "tuning"], plugins);
        var bridge = list["plugins"]![0]!;
        Assert.Equal("br-0123456789ab", bridge["bridge"]!.GetValue<string>());
        Assert.True(bridge["isGateway"]!.GetValue<bool>());
        Assert.True(bridge["ipMasq"]!.GetValue<bool>());
        var ipam = bridge["ipam"]!;
        Assert.Equal("host-local", ipam["type"]!.GetValue<string>());
        Assert.Equal("/var/lib/berth/network/ipam/x", ipam["dataDir"]!.GetValue<string>());
        Assert.Equal("10.89.0.0/24", ipam["ranges"]![0]![0]!["subnet"]!.GetValue<string>());
        Assert.Equal("10.89.0.1", ipam["ranges"]![0]![0]!["gateway"]!.GetValue<string>());
        Assert.Equal("0.0.0.0/0", ipam["routes"]![0]!["dst"]!.GetValue<string>());
    }

    [Fact]
    public void Build_WithoutPortsOrMac_LeavesOutPortmapAndTuning()
    {
        Assert.Equal(["bridge", "firewall"], CniConfigList.PluginTypes(CniConfigList.Build(Network(), "/d", publishesPorts: false, setsMac: false)));
        Assert.Equal(["bridge", "firewall", "tuning"], CniConfigList.PluginTypes(CniConfigList.Build(Network(), "/d", publishesPorts: false, setsMac: true)));
        Assert.Equal(["bridge", "portmap", "firewall"], CniConfigList.PluginTypes(CniConfigList.Build(Network(), "/d", publishesPorts: true, setsMac: false)));
    }

    [Fact]
    public void Build_InternalNetwork_HasNoRouteNatOrPortmap()
    {
        var list = CniConfigList.Build(Network(isInternal: true), "/d");
        var bridge = list["plugins"]![0]!;
        Assert.False(bridge["isGateway"]!.GetValue<bool>());
        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        Assert.Null(bridge["ipam"]!["routes"]);
        Assert.DoesNotContain(list["plugins"]!.AsArray(), p => p!["type"]!.GetValue<string>() == "portmap");
    }

    [Fact]
    public void Build_IpRange_BecomesRangeStartAndEnd_InsideTheSubnet()
    {
        var range = CniConfigList.Build(Network(ipRange: "10.89.0.128/25"), "/d")["plugins"]![0]!["ipam"]!["ranges"]![0]![0]!;
        Assert.Equal("10.89.0.128", range["rangeStart"]!.GetValue<string>());
        Assert.Equal("10.89.0.254", range["rangeEnd"]!.GetValue<string>());
    }

    [Fact]
    public void PluginConfig_AddsNameVersionPrevResult_AndOnlyDeclaredCapabilities()
    {
        var list = CniConfigList.Build(Network(), "/d");
        var request = new CniRequest
        {
            ContainerId = "c",
            NetnsPath = "/n",
            IfName = "eth0",
            Capabilities = new Dictionary<string, JsonNode>
            {
                ["portMappings"] = new JsonArray((JsonNode)new JsonObject { ["hostPort"] = 8080, ["containerPort"] = 80, ["protocol"] = "tcp" }),
                ["mac"] = JsonValue.Create("92:d0:c6:0a:29:33"),
            },
        };
        var prev = new JsonObject { ["cniVersion"] = "1.0.0" };
        var portmap = CniPlugins.PluginConfig(list, list["plugins"]![1]!.AsObject(), request, prev);
        Assert.Equal("berth-0123456789ab", portmap["name"]!.GetValue<string>());
        Assert.Equal("1.0.0", portmap["prevResult"]!["cniVersion"]!.GetValue<string>());
        Assert.Equal(8080, portmap["runtimeConfig"]!["portMappings"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Null(portmap["runtimeConfig"]!["mac"]);
        var bridge = CniPlugins.PluginConfig(list, list["plugins"]![0]!.AsObject(), request, null);
        Assert.Null(bridge["runtimeConfig"]);
        Assert.Null(bridge["prevResult"]);
    }

    [Fact]
    public void ErrorMessage_ReadsTheSpecErrorObject_OrFallsBackToRawText()
    {
        Assert.Equal("failed to allocate: no IP addresses available", CniPlugins.ErrorMessage("""{"code":999,"msg":"failed to allocate","details":"no IP addresses available"}""", ""));
        Assert.Equal("plain failure", CniPlugins.ErrorMessage("", "plain failure\n"));
    }

    [Fact]
    public void CniAddress_ReadsTheSandboxInterfacesAddressAndMac()
    {
        var result = JsonNode.Parse("""
            {"cniVersion":"1.0.0","interfaces":[{"name":"br0","mac":"aa:aa:aa:aa:aa:aa"},{"name":"veth1","mac":"bb:bb:bb:bb:bb:bb"},
             {"name":"eth0","mac":"cc:cc:cc:cc:cc:cc","sandbox":"/run/netns/x"}],
             "ips":[{"interface":2,"address":"10.89.0.5/24","gateway":"10.89.0.1"}]}
            """)!.AsObject();
        Assert.Equal(new CniAddress("10.89.0.5", 24, "10.89.0.1", "cc:cc:cc:cc:cc:cc"), CniAddress.From(result));
    }
}
