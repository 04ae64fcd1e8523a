using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Daemon.Containers;

/// <summary>
/// <c>docker ps --filter</c>: every key given must match (values of one key are alternatives), as dockerd's
/// list filters. <c>ancestor</c> images, and the <c>before</c>/<c>since</c> containers, are resolved by the caller.
/// </summary>
public sealed class ContainerFilters
{
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>
    {
        "id", "name", "label", "label!", "status", "ancestor", "exited", "before", "since", "health", "network", "volume", "is-task", "publish", "expose",
    };

    private static readonly HashSet<string> Statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    private readonly Filters _filters;
    private readonly IReadOnlyList<Regex> _names;
    private readonly IReadOnlyList<int> _exitCodes;

    public ContainerFilters(Filters filters)
    {
        _filters = filters;
        foreach (var status in filters.Get("status"))
        {
            if (!Statuses.Contains(status)) throw BerthException.Invalid($"invalid filter 'status={status}'");
        }
        _names = [.. filters.Get("name").Select(Pattern)];
        _exitCodes = [.. filters.Get("exited").Select(ExitCode)];
    }

    public Filters Raw => _filters;

    /// <param name="ancestors">Image IDs that <c>ancestor</c> names, or null when the filter is not given.</param>
    /// <param name="before">Created before this (the <c>before</c> container's creation), or null.</param>
    /// <param name="since">Created after this, or null.</param>
    /// <param name="health">starting, healthy, unhealthy, or none for a container without a healthcheck.</param>
    public bool Matches(ContainerRecord container, ContainerCreateRequest request, IReadOnlySet<Digest>? ancestors, DateTimeOffset? before, DateTimeOffset? since, string health)
    {
        var status = container.State.Status;
        if (Any("id") && !_filters.Get("id").Any(prefix => container.Id.StartsWith(prefix, StringComparison.Ordinal))) return false;
        // dockerd matches names with and without their leading slash, so ^web$ and ^/web$ both find /web.
        if (_names.Count > 0 && !_names.Any(name => name.IsMatch("/" + container.Name) || name.IsMatch(container.Name))) return false;
        if (Any("status") && !_filters.Get("status").Contains(status.ToWire())) return false;
        if (_exitCodes.Count > 0 && (status != ContainerStatus.Exited || !_exitCodes.Contains(container.State.ExitCode))) return false;
        if (!_filters.MatchesLabels(request.Labels)) return false;
        if (ancestors is not null && !ancestors.Contains(container.ImageId)) return false;
        if (before is { } b && container.Created >= b) return false;
        if (since is { } s && container.Created <= s) return false;
        if (Any("health") && !_filters.Get("health").Contains(health)) return false;
        // No container has a network, a volume or a published port yet: those filters match none.
        if (Any("network") || Any("volume") || Any("publish") || Any("expose")) return false;
        return true;
    }

    private bool Any(string key) => _filters.Get(key).Count > 0;

    private static Regex Pattern(string name)
    {
        try
        {
            return new Regex(name, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw BerthException.Invalid($"invalid filter 'name={name}': {e.Message}");
        }
    }

    private static int ExitCode(string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw BerthException.Invalid($"invalid filter 'exited={value}'");
}
