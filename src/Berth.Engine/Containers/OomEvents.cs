using Berth.Engine.Stats;

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
        var cgroup = new ContainerCgroup(id, cgroupRoot);
        var file = cgroup.HasV1("memory") ? cgroup.V1File("memory", "memory.oom_control") : cgroup.V2File("memory.events");
        return cgroup.KeyedValues(file).GetValueOrDefault("oom_kill") > 0;
    }
}
