namespace Berth.Runtime.Cgroups;

/// <summary>
/// How a host arranges its cgroups, decided the way runc and crun decide it: by what is mounted at
/// <c>/sys/fs/cgroup</c> (see <see cref="CgroupLayout"/>).
/// </summary>
public enum CgroupMode
{
    /// <summary>No cgroup filesystem where runtimes look: containers cannot be limited or even tracked.</summary>
    None,
    /// <summary>Only v1: one hierarchy per controller (or group of controllers) under <c>/sys/fs/cgroup/NAME</c>.</summary>
    V1,
    /// <summary>The unified v2 hierarchy is <c>/sys/fs/cgroup</c> itself; every controller lives in it.</summary>
    V2,
    /// <summary>
    /// v1 hierarchies under <c>/sys/fs/cgroup</c> plus a v2 one at <c>/sys/fs/cgroup/unified</c> (systemd's
    /// "hybrid"). Each controller is on v1 or on v2, never both; those no v1 hierarchy claimed sit on v2.
    /// </summary>
    Hybrid,
}
