using System.Text;

namespace Berth.Network.Hosts;

/// <summary>
/// A container's resolv.conf when the user set <c>--dns</c>, <c>--dns-search</c> or <c>--dns-option</c>: each given
/// part replaces the host's, as Docker does; the parts not given keep the host's lines.
/// </summary>
public static class ResolvConf
{
    public static string Render(string hostFiltered, IReadOnlyList<string> dns, IReadOnlyList<string> search, IReadOnlyList<string> options)
    {
        var lines = hostFiltered.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var keyword = line.Split([' ', '\t'], 2)[0];
            var replaced = keyword switch
            {
                "nameserver" => dns.Count > 0,
                "search" or "domain" => search.Count > 0,
                "options" => options.Count > 0,
                _ => false,
            };
            if (!replaced) text.Append(line).Append('\n');
        }
        if (search.Count > 0) text.Append("search ").Append(string.Join(' ', search)).Append('\n');
        foreach (var server in dns) text.Append("nameserver ").Append(server).Append('\n');
        if (options.Count > 0) text.Append("options ").Append(string.Join(' ', options)).Append('\n');
        return text.ToString();
    }
}
