using System.Globalization;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>One container port and where to publish it: <c>"80/tcp"</c> → host address and port ("" for any / random).</summary>
internal sealed record PortSpecEntry(string Key, PortBinding Binding);

/// <summary>
/// docker's <c>-p</c> values (nat.ParsePortSpec): <c>CTR</c>, <c>HOST:CTR</c>, <c>IP:HOST:CTR</c>, <c>IP::CTR</c>,
/// each with an optional <c>/tcp|udp|sctp</c>, ports as single numbers or equal-length ranges
/// (<c>8000-8001:80-81</c>), IPv6 addresses in brackets.
/// </summary>
internal static class PortSpec
{
    public static IReadOnlyList<PortSpecEntry> Parse(string spec)
    {
        var (rest, protocol) = SplitProtocol(spec);
        string hostIp = "", hostPart = "", containerPart;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0) throw Invalid(spec, "invalid IP address");
            hostIp = rest[1..close];
            var parts = rest[(close + 2)..].Split(':');
            if (parts.Length != 2) throw Invalid(spec, "invalid port format");
            (hostPart, containerPart) = (parts[0], parts[1]);
        }
        else
        {
            var parts = rest.Split(':');
            (hostIp, hostPart, containerPart) = parts switch
            {
                [var ctr] => ("", "", ctr),
                [var h, var ctr] => ("", h, ctr),
                [var ip, var h, var ctr] => (ip, h, ctr),
                _ => throw Invalid(spec, "too many colons"),
            };
        }
        if (hostIp.Length > 0 && !IsAddress(hostIp)) throw Invalid(spec, $"invalid IP address: {hostIp}");
        if (containerPart.Length == 0) throw Invalid(spec, "no port specified: " + spec + "<empty>");
        var (ctrFirst, ctrLast) = Range(containerPart, spec, "invalid containerPort: " + containerPart);
        var (hostFirst, hostLast) = hostPart.Length == 0 ? (0, 0) : Range(hostPart, spec, "invalid hostPort: " + hostPart);
        if (hostPart.Length > 0 && hostLast - hostFirst != ctrLast - ctrFirst)
            throw Invalid(spec, $"invalid ranges specified for container and host Ports: {containerPart} and {hostPart}");
        var entries = new List<PortSpecEntry>();
        for (var i = 0; i <= ctrLast - ctrFirst; i++)
        {
            var hostPort = hostPart.Length == 0 ? "" : (hostFirst + i).ToString(CultureInfo.InvariantCulture);
            entries.Add(new PortSpecEntry(
                string.Create(CultureInfo.InvariantCulture, $"{ctrFirst + i}/{protocol}"),
                new PortBinding { HostIp = hostIp, HostPort = hostPort }));
        }
        return entries;
    }

    /// <summary>A literal IPv4 (four dotted numbers, not inet_aton's short forms) or IPv6 address, as Go's net.ParseIP takes.</summary>
    public static bool IsAddress(string text) =>
        System.Net.IPAddress.TryParse(text, out _) && (text.Contains(':') || text.Split('.').Length == 4);

    /// <summary><c>--expose 80</c>, <c>--expose 8000-8010/udp</c>: the port keys.</summary>
    public static IEnumerable<string> Expose(string spec)
    {
        var (rest, protocol) = SplitProtocol(spec);
        var (first, last) = Range(rest, spec, "invalid range format for --expose: " + spec);
        for (var port = first; port <= last; port++) yield return string.Create(CultureInfo.InvariantCulture, $"{port}/{protocol}");
    }

    private static (string Text, string Protocol) SplitProtocol(string spec)
    {
        var slash = spec.LastIndexOf('/');
        if (slash < 0) return (spec, "tcp");
        var protocol = spec[(slash + 1)..].ToLowerInvariant();
        return protocol is "tcp" or "udp" or "sctp" ? (spec[..slash], protocol) : throw Invalid(spec, "invalid proto: " + protocol);
    }

    private static (int First, int Last) Range(string text, string spec, string reason)
    {
        var dash = text.IndexOf('-');
        var first = Port(dash < 0 ? text : text[..dash], spec, reason);
        var last = dash < 0 ? first : Port(text[(dash + 1)..], spec, reason);
        return last >= first ? (first, last) : throw Invalid(spec, reason);
    }

    private static int Port(string text, string spec, string reason) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : throw Invalid(spec, reason);

    private static FlagValueException Invalid(string spec, string reason) => new("-p, --publish", spec, reason);
}
