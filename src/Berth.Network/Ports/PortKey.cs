using System.Globalization;
using Berth.Oci;

namespace Berth.Network.Ports;

/// <summary>Docker's container port keys: <c>80/tcp</c>, <c>53/udp</c>, or a bare <c>80</c> (tcp).</summary>
public static class PortKey
{
    /// <exception cref="BerthException">InvalidArgument for a port outside 1–65535 or a malformed key.</exception>
    public static (int Port, string Protocol) Parse(string key)
    {
        var slash = key.IndexOf('/');
        var number = slash < 0 ? key : key[..slash];
        var protocol = slash < 0 ? "tcp" : key[(slash + 1)..].ToLowerInvariant();
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 && protocol.Length > 0
            ? (port, protocol)
            : throw BerthException.Invalid($"invalid port specification: \"{key}\"");
    }
}
