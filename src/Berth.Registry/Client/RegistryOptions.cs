using System.Net;

namespace Berth.Registry.Client;

/// <summary>
/// How berthd reaches registries, from dockerd's flags: <c>--insecure-registry</c> (a CIDR or a host[:port]:
/// plain HTTP allowed and TLS not verified), <c>--registry-mirror</c> (tried before Docker Hub for docker.io
/// images), <c>--max-concurrent-downloads</c>, and the directory of per-registry CAs (<c>HOST/ca.crt</c>).
/// </summary>
public sealed record RegistryOptions
{
    public const string DefaultCertsDirectory = "/etc/berth/certs.d";

    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];
    public IReadOnlyList<Uri> Mirrors { get; init; } = [];
    public int MaxConcurrentDownloads { get; init; } = 4;
    public int MaxConcurrentUploads { get; init; } = 5;
    public string CertsDirectory { get; init; } = DefaultCertsDirectory;
    public string UserAgent { get; init; } = "berth";

    /// <summary>
    /// Docker's isSecureIndex: a registry listed by name, or any of whose addresses lies in a listed CIDR or in
    /// 127.0.0.0/8 (always insecure, as in Docker), may be reached over HTTP and without verifying TLS.
    /// </summary>
    public async Task<bool> IsInsecureAsync(string hostAndPort, CancellationToken cancellationToken)
    {
        if (InsecureRegistries.Any(r => string.Equals(r, hostAndPort, StringComparison.OrdinalIgnoreCase))) return true;
        var host = HostOf(hostAndPort);
        if (InsecureRegistries.Any(r => string.Equals(r, host, StringComparison.OrdinalIgnoreCase))) return true;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }
        var networks = InsecureRegistries.Select(r => IPNetwork.TryParse(r, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>()
            .Append(IPNetwork.Parse("127.0.0.0/8")).Append(IPNetwork.Parse("::1/128")).ToList();
        return addresses.Any(a => networks.Any(n => n.Contains(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)));
    }

    /// <summary>The host without its port; IPv6 literals keep no brackets.</summary>
    internal static string HostOf(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']');
            return close < 0 ? hostAndPort : hostAndPort[1..close];
        }
        var colon = hostAndPort.LastIndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort[..colon];
    }
}
