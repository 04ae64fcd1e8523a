using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Berth.Oci;

namespace Berth.Network.Ipam;

/// <summary>An IPv4 network in CIDR form (<c>172.30.0.0/16</c>), with the address arithmetic IPAM needs.</summary>
public readonly record struct Ipv4Subnet(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint Broadcast => Network | ~Mask;
    /// <summary>The first address hosts may use: the gateway by convention.</summary>
    public uint FirstHost => Network + 1;
    public uint LastHost => Broadcast - 1;

    /// <exception cref="BerthException">InvalidArgument when <paramref name="cidr"/> is not an IPv4 CIDR.</exception>
    public static Ipv4Subnet Parse(string cidr)
    {
        var slash = cidr.IndexOf('/');
        if (slash < 0
            || !IPAddress.TryParse(cidr[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
            throw BerthException.Invalid($"invalid CIDR address: {cidr}");
        var subnet = new Ipv4Subnet(0, prefix);
        return subnet with { Network = ToUInt(address) & subnet.Mask };
    }

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Overlaps(Ipv4Subnet other) => Contains(other.Network) || other.Contains(Network);

    public override string ToString() => $"{Format(Network)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    /// <exception cref="BerthException">InvalidArgument when <paramref name="text"/> is not an IPv4 address.</exception>
    public static uint ParseAddress(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? ToUInt(address)
            : throw BerthException.Invalid($"invalid IPv4 address: {text}");

    public static string Format(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");

    private static uint ToUInt(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3];
    }
}
