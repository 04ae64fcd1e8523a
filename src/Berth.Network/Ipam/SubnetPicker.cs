using System.Globalization;

namespace Berth.Network.Ipam;

/// <summary>
/// Chooses a subnet for a network that did not ask for one, as Docker's default address pools do: the first
/// candidate that overlaps neither another network's subnet nor a route the host already has (a LAN, a VPN,
/// Docker's own bridges), so containers never shadow something the host reaches.
/// </summary>
public static class SubnetPicker
{
    /// <summary>The default bridge's first choice: in Docker's 172.16/12 pool, yet far from docker0's 172.17.</summary>
    public static readonly Ipv4Subnet DefaultBridge = Ipv4Subnet.Parse("172.30.0.0/16");

    /// <summary>User networks: the rest of 172.16/12 as /16s from the top, then 192.168/16 as /20s (Docker's pools).</summary>
    public static IEnumerable<Ipv4Subnet> Candidates()
    {
        yield return DefaultBridge;
        for (var second = 31; second >= 18; second--)
        {
            if (second != 30) yield return Ipv4Subnet.Parse($"172.{second.ToString(CultureInfo.InvariantCulture)}.0.0/16");
        }
        for (var third = 0; third < 256; third += 16) yield return Ipv4Subnet.Parse($"192.168.{third.ToString(CultureInfo.InvariantCulture)}.0/20");
    }

    /// <returns>The first free candidate, or null when every one is taken.</returns>
    public static Ipv4Subnet? Pick(IEnumerable<Ipv4Subnet> taken)
    {
        var used = taken.ToList();
        foreach (var candidate in Candidates())
        {
            if (!used.Any(u => u.Overlaps(candidate))) return candidate;
        }
        return null;
    }

    /// <summary>
    /// The subnets of the host's IPv4 routes from /proc/net/route (hex little-endian destination and mask),
    /// leaving out the default route (which overlaps everything) and routes on <paramref name="ownDevices"/>.
    /// </summary>
    public static IEnumerable<Ipv4Subnet> ParseRoutes(IEnumerable<string> procNetRouteLines, IReadOnlySet<string> ownDevices)
    {
        foreach (var line in procNetRouteLines.Skip(1))
        {
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || ownDevices.Contains(fields[0])) continue;
            if (!uint.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination)
                || !uint.TryParse(fields[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)) continue;
            if (mask == 0) continue;
            var prefix = System.Numerics.BitOperations.PopCount(mask);
            yield return new Ipv4Subnet(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(destination), prefix);
        }
    }
}
