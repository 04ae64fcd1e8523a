using Berth.Daemon.Hosting;
using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Daemon.Volumes;

/// <summary>
/// GET /volumes filters, as dockerd: <c>name</c> (a substring of the name), <c>label</c> (<c>key</c> or
/// <c>key=value</c>), <c>dangling</c> (no container uses it), <c>driver</c>.
/// </summary>
public sealed class VolumeFilters(Filters filters)
{
    public static readonly IReadOnlySet<string> Keys = new HashSet<string> { "name", "label", "dangling", "driver" };

    private readonly bool? _dangling = Dangling(filters);

    public bool Matches(VolumeRecord volume, bool inUse)
    {
        if (filters.Get("name") is { Count: > 0 } names && !names.Any(n => volume.Name.Contains(n, StringComparison.Ordinal))) return false;
        if (filters.Get("driver") is { Count: > 0 } drivers && !drivers.Contains(volume.Driver)) return false;
        if (_dangling is { } dangling && dangling == inUse) return false;
        return filters.MatchesLabels(volume.Labels);
    }

    private static bool? Dangling(Filters filters)
    {
        var values = filters.Get("dangling");
        if (values.Count == 0) return null;
        return values[0].ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw BerthException.Invalid($"invalid filter 'dangling={values[0]}'"),
        };
    }
}
