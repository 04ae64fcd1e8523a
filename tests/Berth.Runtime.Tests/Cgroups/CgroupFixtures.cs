namespace Berth.Runtime.Tests.Cgroups;

/// <summary>mountinfo, /proc/cgroups and cgroup.controllers texts for each kind of host.</summary>
internal static class CgroupFixtures
{
    /// <summary>
    /// The CI machine, copied verbatim before anything was changed: v1 controllers mounted one per directory
    /// (no systemd), cgroup2 at /sys/fs/cgroup/unified, and hugetlb left on v2 because no v1 hierarchy has it.
    /// </summary>
    public const string HybridMountInfo = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
        24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334460k,nr_inodes=3083615,mode=755
        25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
        26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
        28 27 0:25 / /mnt/sandboxing/model_tools_env/v1/python ro,nosuid,nodev,relatime - tmpfs model_tools_unavailable ro,size=4k,mode=755
        29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
        30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw

        """;

    /// <summary>The CI machine's /proc/cgroups: hierarchy 0 marks the controllers on no v1 hierarchy.</summary>
    public const string HybridProcCgroups = """
        #subsys_name	hierarchy	num_cgroups	enabled
        cpuset	3	3	1
        cpu	1	3	1
        cpuacct	2	3	1
        blkio	7	3	1
        memory	4	22	1
        devices	5	3	1
        freezer	6	3	1
        net_cls	0	3	1
        perf_event	0	3	1
        net_prio	0	3	1
        hugetlb	0	3	1
        pids	8	3	1

        """;

    /// <summary>The CI machine's /sys/fs/cgroup/unified/cgroup.controllers.</summary>
    public const string HybridV2Controllers = "hugetlb\n";

    /// <summary>The CI machine once berthd has given hugetlb a v1 hierarchy: v2 is left with no controller.</summary>
    public const string RepairedMountInfo = HybridMountInfo + "42 31 0:39 / /sys/fs/cgroup/hugetlb rw,relatime - cgroup cgroup rw,hugetlb\n";

    /// <summary>A systemd host booted unified (Debian 12, Fedora): /sys/fs/cgroup is the cgroup2 root.</summary>
    public const string V2MountInfo = """
        22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro
        23 22 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        24 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
        26 23 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot

        """;

    /// <summary>From 6.x kernels on, /proc/cgroups lists v2 controllers with hierarchy 0 too.</summary>
    public const string V2ProcCgroups = """
        #subsys_name	hierarchy	num_cgroups	enabled
        cpuset	0	120	1
        cpu	0	120	1
        memory	0	120	1
        hugetlb	0	120	1
        pids	0	120	1

        """;

    public const string V2Controllers = "cpuset cpu io memory hugetlb pids rdma misc\n";

    /// <summary>
    /// An older v1-only host: controllers sharing hierarchies (cpu,cpuacct), a named hierarchy with no
    /// controller, optional fields before the separator, a hierarchy mounted twice, and an escaped space.
    /// </summary>
    public const string V1MountInfo = """
        18 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,name=systemd
        29 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
        30 25 0:27 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,net_cls,net_prio
        31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
        32 25 0:29 / /sys/fs/cgroup/hugetlb rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,hugetlb
        40 18 0:28 / /mnt/memory\040copy rw,relatime shared:16 - cgroup cgroup rw,memory
        41 18 0:30 / /mnt/my\040data rw,relatime shared:18 - ext4 /dev/sdb1 rw

        """;

    public const string V1ProcCgroups = """
        #subsys_name	hierarchy	num_cgroups	enabled
        cpu	2	60	1
        cpuacct	2	60	1
        net_cls	3	1	1
        net_prio	3	1	1
        memory	4	80	1
        hugetlb	5	1	1
        rdma	0	1	0

        """;

    /// <summary>A systemd hybrid host (Ubuntu 20.04): every controller on v1, so v2 only tracks processes.</summary>
    public const string SystemdHybridMountInfo = """
        25 22 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
        27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
        29 25 0:26 / /sys/fs/cgroup/hugetlb rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,hugetlb

        """;

    /// <summary>Just /proc and /sys: a chroot or a stripped-down container.</summary>
    public const string NoCgroupMountInfo = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        23 27 0:22 / /sys rw,relatime - sysfs sysfs rw

        """;
}
