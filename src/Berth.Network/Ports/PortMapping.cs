using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Network.Ports;

/// <summary>One published port: host address and port to the container's port, tcp or udp.</summary>
/// <param name="HostIp">Empty means every host address (Docker's 0.0.0.0).</param>
public sealed record PortMapping(string HostIp, int HostPort, int ContainerPort, string Protocol)
{
    /// <summary>The key Docker uses for the container port: <c>80/tcp</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{ContainerPort}/{Protocol}");

    /// <summary>Docker's wording for the host side: <c>0.0.0.0:8080</c>.</summary>
    public string HostDisplay => string.Create(CultureInfo.InvariantCulture, $"{(HostIp.Length == 0 ? "0.0.0.0" : HostIp)}:{HostPort}");

    /// <summary>The portmap plugin's runtimeConfig entry.</summary>
    public JsonObject ToCni()
    {
        var entry = new JsonObject { ["hostPort"] = HostPort, ["containerPort"] = ContainerPort, ["protocol"] = Protocol };
        if (HostIp.Length > 0) entry["hostIP"] = HostIp;
        return entry;
    }
}
