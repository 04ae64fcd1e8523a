using System.Text;

namespace Berth.Engine.Containers;

/// <summary>
/// Writes the /etc/hostname, /etc/hosts and /etc/resolv.conf that are bind-mounted into a container, as
/// Docker makes them: the container's own hostname, localhost entries plus <c>--add-host</c> lines, and the
/// host's resolver configuration without loopback name servers (which would mean the container itself),
/// falling back to public resolvers when nothing is left. With the host network the container shares the
/// host's files' content instead.
/// </summary>
public static class ContainerEtcFiles
{
    private const string LocalHosts = """
        127.0.0.1	localhost
        ::1	localhost ip6-localhost ip6-loopback
        fe00::0	ip6-localnet
        ff00::0	ip6-mcastprefix
        ff02::1	ip6-allnodes
        ff02::2	ip6-allrouters

        """;

    private static readonly string[] FallbackNameservers = ["8.8.8.8", "8.8.4.4"];

    public static async Task WriteAsync(ContainerLayout layout, string id, string hostname, bool hostNetwork, IReadOnlyList<string> extraHosts,
        string hostResolvConf = "/etc/resolv.conf", string hostHosts = "/etc/hosts", CancellationToken cancellationToken = default)
    {
        var hosts = new StringBuilder(hostNetwork && File.Exists(hostHosts) ? await File.ReadAllTextAsync(hostHosts, cancellationToken) : LocalHosts);
        foreach (var entry in extraHosts)
        {
            // --add-host name:address; an IPv6 address holds colons, so the name ends at the first one.
            var colon = entry.IndexOf(':');
            if (colon <= 0) throw Oci.BerthException.Invalid($"invalid argument \"{entry}\" for \"--add-host\" flag: bad format for add-host: \"{entry}\"");
            hosts.Append(entry[(colon + 1)..]).Append('\t').Append(entry[..colon]).Append('\n');
        }
        var resolv = File.Exists(hostResolvConf) ? await File.ReadAllLinesAsync(hostResolvConf, cancellationToken) : [];
        await WriteFileAsync(layout.HostnamePath(id), hostname + "\n", cancellationToken);
        await WriteFileAsync(layout.HostsPath(id), hosts.ToString(), cancellationToken);
        await WriteFileAsync(layout.ResolvConfPath(id), hostNetwork ? string.Join('\n', resolv) + "\n" : FilterResolvConf(resolv), cancellationToken);
    }

    /// <summary>The host's resolv.conf without loopback name servers; public ones when none remain.</summary>
    public static string FilterResolvConf(IEnumerable<string> lines)
    {
        var kept = lines.Where(line => !IsLoopbackNameserver(line)).ToList();
        if (!kept.Any(line => line.TrimStart().StartsWith("nameserver", StringComparison.Ordinal)))
            kept.AddRange(FallbackNameservers.Select(ns => "nameserver " + ns));
        return string.Join('\n', kept) + "\n";
    }

    private static bool IsLoopbackNameserver(string line)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields is ["nameserver", var address, ..] && (address.StartsWith("127.", StringComparison.Ordinal) || address == "::1");
    }

    /// <summary>
    /// Replaced by a rename, so a container reading the file never sees half of it; not fsynced, because the
    /// files are written again at every start.
    /// </summary>
    private static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
