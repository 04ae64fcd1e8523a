namespace Berth.Runtime.Cgroups;

/// <summary>
/// Where a host's cgroup controllers live. Built from three texts so it can be tested with fixtures:
/// <c>/proc/self/mountinfo</c> (what is mounted where), <c>/proc/cgroups</c> (which controllers the kernel
/// has) and the v2 root's <c>cgroup.controllers</c> (which of them the v2 hierarchy holds).
/// </summary>
/// <remarks>
/// Runtimes only ever look at <see cref="Root"/>: runc and crun call it v2 when <c>/sys/fs/cgroup</c> is
/// itself a cgroup2 mount, hybrid when <c>/sys/fs/cgroup/unified</c> is, and v1 otherwise. A cgroup2 mount
/// elsewhere is invisible to them, so it is invisible here too.
/// </remarks>
public sealed record CgroupLayout
{
    /// <summary>The directory every runtime expects cgroups under.</summary>
    public const string Root = "/sys/fs/cgroup";
    /// <summary>Where a hybrid host mounts its v2 hierarchy.</summary>
    public const string HybridV2MountPoint = Root + "/unified";

    public required CgroupMode Mode { get; init; }
    /// <summary>Each controller mounted as (part of) a v1 hierarchy, to that hierarchy's mount point.</summary>
    public required IReadOnlyDictionary<string, string> V1Controllers { get; init; }
    /// <summary>The v2 hierarchy runtimes use: <see cref="Root"/>, <see cref="HybridV2MountPoint"/>, or null.</summary>
    public required string? V2MountPoint { get; init; }
    /// <summary>The controllers the v2 hierarchy offers (its root's <c>cgroup.controllers</c>).</summary>
    public required IReadOnlySet<string> V2Controllers { get; init; }

    /// <summary>The v2 mount point runtimes would use, so a reader knows whose <c>cgroup.controllers</c> to read.</summary>
    public static string? FindV2MountPoint(string mountInfo)
    {
        var cgroup2 = MountInfoEntry.ParseAll(mountInfo)
            .Where(e => e.FilesystemType == "cgroup2")
            .Select(e => e.MountPoint)
            .ToHashSet(StringComparer.Ordinal);
        if (cgroup2.Contains(Root)) return Root;
        return cgroup2.Contains(HybridV2MountPoint) ? HybridV2MountPoint : null;
    }

    /// <param name="mountInfo">The text of <c>/proc/self/mountinfo</c>.</param>
    /// <param name="procCgroups">The text of <c>/proc/cgroups</c>.</param>
    /// <param name="v2Controllers">The text of <c>cgroup.controllers</c> at <see cref="FindV2MountPoint"/>; empty without one.</param>
    public static CgroupLayout Parse(string mountInfo, string procCgroups, string v2Controllers)
    {
        var entries = MountInfoEntry.ParseAll(mountInfo).ToList();
        var known = ParseEnabledControllers(procCgroups);

        // A v1 mount's super options mix flags (rw, relatime) with the controllers it carries
        // ("rw,cpu,cpuacct") and maybe a name ("name=systemd", a hierarchy with no controller at all).
        // The same hierarchy can be mounted twice; the first mount under the root is the one runtimes use.
        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        var anyV1UnderRoot = false;
        foreach (var entry in entries.Where(e => e.FilesystemType == "cgroup" && IsUnderRoot(e.MountPoint)))
        {
            anyV1UnderRoot = true;
            foreach (var controller in entry.SuperOptions.Where(known.Contains))
            {
                v1.TryAdd(controller, entry.MountPoint);
            }
        }

        var v2MountPoint = FindV2MountPoint(mountInfo);
        var mode = v2MountPoint switch
        {
            Root => CgroupMode.V2,
            HybridV2MountPoint => CgroupMode.Hybrid,
            _ => anyV1UnderRoot ? CgroupMode.V1 : CgroupMode.None,
        };
        return new CgroupLayout
        {
            Mode = mode,
            V1Controllers = v1,
            V2MountPoint = v2MountPoint,
            V2Controllers = v2MountPoint is null
                ? new HashSet<string>(StringComparer.Ordinal)
                : v2Controllers.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static bool IsUnderRoot(string mountPoint) => mountPoint.StartsWith(Root + "/", StringComparison.Ordinal);

    /// <summary>
    /// Controller names from <c>/proc/cgroups</c>: a header line starting with <c>#</c>, then
    /// "name hierarchy-id cgroup-count enabled" per controller. A hierarchy id of 0 means "not on any
    /// v1 hierarchy", which is either unused or on v2; disabled ones (cgroup_disable=) are left out.
    /// </summary>
    private static HashSet<string> ParseEnabledControllers(string procCgroups)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in procCgroups.Split('\n'))
        {
            if (line.StartsWith('#')) continue;
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 4 && fields[3] == "1") names.Add(fields[0]);
        }
        return names;
    }
}
