using System.Text.Json.Nodes;
using Berth.Network.Ipam;

namespace Berth.Network.Cni;

/// <summary>What inspect shows of an attachment, read from a CNI result (spec 1.0: interfaces and ips).</summary>
public sealed record CniAddress(string IPAddress, int PrefixLength, string Gateway, string MacAddress)
{
    /// <summary>The first IPv4 address of the interface inside the namespace (the one with a sandbox).</summary>
    public static CniAddress From(JsonObject result)
    {
        var interfaces = (result["interfaces"] as JsonArray ?? []).Select(i => i as JsonObject).ToList();
        foreach (var ip in (result["ips"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var cidr = ip["address"]?.GetValue<string>() ?? "";
            if (cidr.Contains(':')) continue;
            var slash = cidr.IndexOf('/');
            var subnet = Ipv4Subnet.Parse(cidr);
            var index = ip["interface"]?.GetValue<int>() ?? -1;
            var mac = index >= 0 && index < interfaces.Count ? interfaces[index]?["mac"]?.GetValue<string>() ?? "" : "";
            return new CniAddress(cidr[..slash], subnet.PrefixLength, ip["gateway"]?.GetValue<string>() ?? "", mac);
        }
        throw new Oci.BerthException(Oci.ErrorKind.Internal, "the CNI result has no IPv4 address");
    }
}
