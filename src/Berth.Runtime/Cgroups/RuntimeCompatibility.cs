namespace Berth.Runtime.Cgroups;

/// <summary>
/// Which cgroup layouts a runtime accepts. runc handles all of them. crun (1.8) treats a hybrid host as
/// v1, but only when the v2 hierarchy holds no controller at all; otherwise it stops with "cgroups in hybrid
/// mode not supported, drop all controllers from cgroupv2". A kernel puts every controller that no v1
/// hierarchy claimed on v2 — typically hugetlb, which hybrid distributions do not mount on v1 — so the cure
/// is to give each such controller a v1 hierarchy of its own.
/// </summary>
internal static class RuntimeCompatibility
{
    /// <summary>The runtime to fall back to: it runs on every layout as it is.</summary>
    public const string Fallback = "runc";

    /// <summary>
    /// The controllers that must leave v2 before <paramref name="runtime"/> can run on <paramref name="layout"/>,
    /// sorted; empty when it can run as things are.
    /// </summary>
    public static IReadOnlyList<string> ControllersInTheWay(CgroupLayout layout, string runtime) =>
        layout.Mode == CgroupMode.Hybrid && IsCrun(runtime) ? [.. layout.V2Controllers.Order(StringComparer.Ordinal)] : [];

    /// <summary>A runtime may be named ("crun") or given as a path ("/usr/local/bin/crun").</summary>
    private static bool IsCrun(string runtime) => Path.GetFileName(runtime) == "crun";
}
