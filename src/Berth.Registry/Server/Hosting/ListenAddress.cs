using System.Net;

namespace Berth.Registry.Server.Hosting;

/// <summary><c>--addr</c> as distribution spells it: <c>HOST:PORT</c>, <c>:PORT</c> (all interfaces), <c>[::1]:PORT</c>.</summary>
internal readonly record struct ListenAddress(IPAddress? Address, int Port)
{
    /// <summary>Null address: "localhost" (Kestrel binds both loopbacks).</summary>
    public bool IsLocalhost => Address is null;

    public static ListenAddress Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"invalid listen address \"{value}\": expected HOST:PORT");
        var host = value[..colon].Trim('[', ']');
        if (host.Length == 0) return new ListenAddress(IPAddress.Any, port);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new ListenAddress(null, port);
        return IPAddress.TryParse(host, out var address)
            ? new ListenAddress(address, port)
            : throw new ArgumentException($"invalid listen address \"{value}\": HOST must be an IP address or localhost");
    }
}
