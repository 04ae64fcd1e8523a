using System.Globalization;
using Berth.Api.Models;
using Berth.Engine.Volumes;

namespace Berth.Daemon.Volumes;

/// <summary>Engine volumes, and containers' volume mounts, in the API's shapes.</summary>
public static class VolumeViews
{
    public static VolumeInfo Info(VolumeRecord volume, VolumeLayout layout) => new()
    {
        // Go's time.RFC3339, as dockerd formats it.
        CreatedAt = volume.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Driver = volume.Driver,
        Labels = Sorted(volume.Labels),
        Mountpoint = layout.DataPath(volume.Name),
        Name = volume.Name,
        Options = Sorted(volume.Options),
    };

    /// <summary>Keys in order, as Go marshals a map (the docker CLI prints the daemon's JSON as it is).</summary>
    private static Dictionary<string, string>? Sorted(IReadOnlyDictionary<string, string>? map) =>
        map?.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A container's volumes (and binds inherited through --volumes-from) as inspect's and ps's Mounts.</summary>
    public static IEnumerable<MountPoint> MountPoints(IEnumerable<ContainerMount> mounts, VolumeLayout layout) =>
        mounts.Select(mount => mount.IsVolume
            ? new MountPoint
            {
                Type = "volume", Name = mount.Source, Source = layout.DataPath(mount.Source), Destination = mount.Destination,
                Driver = VolumeRecord.LocalDriver, Mode = mount.Mode, RW = !mount.ReadOnly, Propagation = "",
            }
            : new MountPoint
            {
                Type = "bind", Source = mount.Source, Destination = mount.Destination, Mode = mount.Mode, RW = !mount.ReadOnly, Propagation = "rprivate",
            });
}
