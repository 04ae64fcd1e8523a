using System.Globalization;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

/// <summary>
/// Whether the kernel's OOM killer killed a process of a container, read from its memory cgroup's
/// <c>oom_kill</c> counter (cgroup v1 <c>memory.oom_control</c>, v2 <c>memory.events</c>). Read it after the
/// container exits and before the runtime deletes the cgroup.
/// </summary>
public static class OomEvents
{
    public static bool WasKilled(string id, string cgroupRoot = "/sys/fs/cgroup")
    {
        var relative = SpecGenerator.CgroupParent.TrimStart('/') + "/" + id;
        foreach (var file in new[] { Path.Join(cgroupRoot, "memory", relative, "memory.oom_control"), Path.Join(cgroupRoot, relative, "memory.events") })
        {
            if (ReadCounter(file, "oom_kill") is { } kills) return kills > 0;
        }
        return false;
    }

    private static long? ReadCounter(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 2 && fields[0] == key && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    return value;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No such cgroup (no memory controller, or already gone).
        }
        return null;
    }
}
