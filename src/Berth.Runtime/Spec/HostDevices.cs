using System.Globalization;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// Lists the host's device nodes for a privileged container. The kernel describes every registered device
/// under /sys/dev/{char,block}/MAJOR:MINOR/uevent (its name under /dev and its mode), which avoids stat(2)
/// on every node. Owners are not listed there, so the nodes are created as root's.
/// </summary>
internal static class HostDevices
{
    // rw for owner and group, the usual mode of a device node udev made without a rule for it.
    private static readonly uint DefaultMode = Convert.ToUInt32("660", 8);

    public static IReadOnlyList<LinuxDevice> List(string sysDev, string dev)
    {
        var devices = new List<LinuxDevice>();
        foreach (var (kind, type) in new[] { ("char", "c"), ("block", "b") })
        {
            var dir = Path.Combine(sysDev, kind);
            if (!Directory.Exists(dir)) continue;
            foreach (var entry in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
            {
                if (Parse(Path.Combine(entry, "uevent"), type, dev) is { } device) devices.Add(device);
            }
        }
        return devices;
    }

    private static LinuxDevice? Parse(string ueventPath, string type, string dev)
    {
        if (!File.Exists(ueventPath)) return null;
        var fields = File.ReadLines(ueventPath)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("MAJOR", out var major) || !fields.TryGetValue("MINOR", out var minor)
            || !fields.TryGetValue("DEVNAME", out var name))
        {
            return null;
        }
        // The runtime makes its own /dev/pts, /dev/console and /dev/shm; the host's would be wrong inside.
        if (name.StartsWith("pts/", StringComparison.Ordinal) || name is "console" or "ptmx") return null;
        var hostPath = Path.Combine(dev, name);
        if (!File.Exists(hostPath)) return null;
        return new LinuxDevice
        {
            Path = "/dev/" + name,
            Type = type,
            Major = long.Parse(major, CultureInfo.InvariantCulture),
            Minor = long.Parse(minor, CultureInfo.InvariantCulture),
            FileMode = fields.TryGetValue("DEVMODE", out var mode) ? Convert.ToUInt32(mode, 8) : DefaultMode,
            Uid = 0,
            Gid = 0,
        };
    }
}
