using System.Globalization;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// formatter.DisplayablePorts: consecutive unpublished (or same-port published) ports grouped into ranges
/// ("80-81/tcp"), published ones as "0.0.0.0:8080->80/tcp", ordered as docker orders them.
/// </summary>
internal static class PortsDisplay
{
    public static string Format(IEnumerable<ContainerPort> ports)
    {
        var sorted = ports.OrderBy(p => p.PrivatePort).ThenBy(p => p.IP ?? "", StringComparer.Ordinal).ThenBy(p => p.PublicPort).ThenBy(p => p.Type, StringComparer.Ordinal).ToList();
        var groups = new Dictionary<string, (ushort First, ushort Last)>(StringComparer.Ordinal);
        var order = new List<string>();
        var result = new List<string>();
        var mappings = new List<string>();
        foreach (var port in sorted)
        {
            var key = port.Type;
            if (!string.IsNullOrEmpty(port.IP))
            {
                if (port.PublicPort != port.PrivatePort)
                {
                    var host = port.IP.Contains(':') ? $"[{port.IP}]" : port.IP;
                    mappings.Add(string.Create(CultureInfo.InvariantCulture, $"{host}:{port.PublicPort}->{port.PrivatePort}/{port.Type}"));
                    continue;
                }
                key = port.IP + "/" + port.Type;
            }
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = (port.PrivatePort, port.PrivatePort);
                order.Add(key);
                continue;
            }
            if (port.PrivatePort == group.Last + 1)
            {
                groups[key] = (group.First, port.PrivatePort);
                continue;
            }
            result.Add(Group(key, group));
            groups[key] = (port.PrivatePort, port.PrivatePort);
        }
        result.AddRange(order.Select(key => Group(key, groups[key])));
        result.AddRange(mappings);
        return string.Join(", ", result);
    }

    private static string Group(string key, (ushort First, ushort Last) group)
    {
        var slash = key.IndexOf('/');
        var (ip, type) = slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
        var range = group.First == group.Last ? group.First.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{group.First}-{group.Last}");
        return ip.Length > 0 ? $"{ip}:{range}->{range}/{type}" : $"{range}/{type}";
    }
}
