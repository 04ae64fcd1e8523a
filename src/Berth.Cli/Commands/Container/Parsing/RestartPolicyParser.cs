using System.Globalization;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// opts.ParseRestartPolicy: <c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure[:N]</c>. The CLI checks only
/// the shape; the daemon rejects unknown names, as dockerd does.
/// </summary>
internal static class RestartPolicyParser
{
    public static RestartPolicy Parse(string? policy)
    {
        if (string.IsNullOrEmpty(policy)) return new RestartPolicy();
        var colon = policy.IndexOf(':');
        var name = colon < 0 ? policy : policy[..colon];
        var count = colon < 0 ? "" : policy[(colon + 1)..];
        if (colon >= 0 && name.Length == 0) throw new ContainerOptionsException("invalid restart policy format: no policy provided before colon");
        var retries = 0;
        if (count.Length > 0 && !int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out retries))
            throw new ContainerOptionsException("invalid restart policy format: maximum retry count must be an integer");
        return new RestartPolicy { Name = name, MaximumRetryCount = retries };
    }

    /// <summary>container.RestartPolicy.IsNone: what --rm may be combined with.</summary>
    public static bool IsNone(RestartPolicy policy) => policy.Name is "" or "no";
}
