namespace Berth.Runtime.Cgroups;

/// <summary>Reads the running host's <see cref="CgroupLayout"/> from /proc and the cgroup filesystem.</summary>
public static class CgroupLayoutReader
{
    public static async Task<CgroupLayout> ReadAsync(CancellationToken cancellationToken = default)
    {
        var mountInfo = await File.ReadAllTextAsync("/proc/self/mountinfo", cancellationToken);
        // Only v1 controllers need naming from /proc/cgroups; a kernel built without it is a v2-only kernel.
        var procCgroups = File.Exists("/proc/cgroups") ? await File.ReadAllTextAsync("/proc/cgroups", cancellationToken) : "";
        var v2 = CgroupLayout.FindV2MountPoint(mountInfo);
        var v2Controllers = v2 is null ? "" : await File.ReadAllTextAsync(Path.Combine(v2, "cgroup.controllers"), cancellationToken);
        return CgroupLayout.Parse(mountInfo, procCgroups, v2Controllers);
    }
}
