using Berth.Runtime.Cgroups;
using static Berth.Runtime.Tests.Cgroups.CgroupFixtures;

namespace Berth.Runtime.Tests.Cgroups;

public sealed class CgroupLayoutTests
{
    [Fact]
    public void Parse_ThisMachine_IsHybridWithHugetlbOnV2()
    {
        var layout = CgroupLayout.Parse(HybridMountInfo, HybridProcCgroups, HybridV2Controllers);

        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Equal("/sys/fs/cgroup/unified", layout.V2MountPoint);
        Assert.Equal(["hugetlb"], layout.V2Controllers);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["cpu"] = "/sys/fs/cgroup/cpu",
                ["cpuacct"] = "/sys/fs/cgroup/cpuacct",
                ["cpuset"] = "/sys/fs/cgroup/cpuset",
                ["memory"] = "/sys/fs/cgroup/memory",
                ["devices"] = "/sys/fs/cgroup/devices",
                ["freezer"] = "/sys/fs/cgroup/freezer",
                ["blkio"] = "/sys/fs/cgroup/blkio",
                ["pids"] = "/sys/fs/cgroup/pids",
            },
            layout.V1Controllers);
    }

    [Fact]
    public void Parse_ThisMachineRepaired_HasHugetlbOnV1()
    {
        var layout = CgroupLayout.Parse(RepairedMountInfo, HybridProcCgroups, "");

        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Equal("/sys/fs/cgroup/hugetlb", layout.V1Controllers["hugetlb"]);
        Assert.Empty(layout.V2Controllers);
    }

    [Fact]
    public void Parse_Unified_IsV2WithEveryControllerOnIt()
    {
        var layout = CgroupLayout.Parse(V2MountInfo, V2ProcCgroups, V2Controllers);

        Assert.Equal(CgroupMode.V2, layout.Mode);
        Assert.Equal("/sys/fs/cgroup", layout.V2MountPoint);
        Assert.Equal(["cpu", "cpuset", "hugetlb", "io", "memory", "misc", "pids", "rdma"], layout.V2Controllers.Order());
        Assert.Empty(layout.V1Controllers);
    }

    [Fact]
    public void Parse_V1_MapsSharedHierarchiesAndSkipsNamedOnes()
    {
        var layout = CgroupLayout.Parse(V1MountInfo, V1ProcCgroups, "ignored: there is no v2 mount");

        Assert.Equal(CgroupMode.V1, layout.Mode);
        Assert.Null(layout.V2MountPoint);
        Assert.Empty(layout.V2Controllers);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["cpu"] = "/sys/fs/cgroup/cpu,cpuacct",
                ["cpuacct"] = "/sys/fs/cgroup/cpu,cpuacct",
                ["net_cls"] = "/sys/fs/cgroup/net_cls,net_prio",
                ["net_prio"] = "/sys/fs/cgroup/net_cls,net_prio",
                // The second mount of the memory hierarchy, outside /sys/fs/cgroup, is not the one runtimes use.
                ["memory"] = "/sys/fs/cgroup/memory",
                ["hugetlb"] = "/sys/fs/cgroup/hugetlb",
            },
            layout.V1Controllers);
    }

    [Fact]
    public void Parse_SystemdHybrid_HasNoControllerOnV2()
    {
        var layout = CgroupLayout.Parse(SystemdHybridMountInfo, V1ProcCgroups, "\n");

        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Empty(layout.V2Controllers);
        Assert.Equal(["hugetlb"], layout.V1Controllers.Keys);
    }

    [Fact]
    public void Parse_NothingMounted_IsNone()
    {
        var layout = CgroupLayout.Parse(NoCgroupMountInfo, HybridProcCgroups, "");

        Assert.Equal(CgroupMode.None, layout.Mode);
        Assert.Empty(layout.V1Controllers);
        Assert.Null(layout.V2MountPoint);
    }

    /// <summary>Only /sys/fs/cgroup counts: runtimes never look for a cgroup2 mount anywhere else.</summary>
    [Fact]
    public void Parse_Cgroup2MountedElsewhere_IsIgnored()
    {
        var mountInfo = V1MountInfo + "50 18 0:40 / /run/cgroup2 rw,relatime - cgroup2 cgroup2 rw\n";

        var layout = CgroupLayout.Parse(mountInfo, V1ProcCgroups, "cpu memory");

        Assert.Equal(CgroupMode.V1, layout.Mode);
        Assert.Null(layout.V2MountPoint);
        Assert.Empty(layout.V2Controllers);
    }

    [Fact]
    public void FindV2MountPoint_PrefersTheUnifiedRoot()
    {
        Assert.Equal("/sys/fs/cgroup/unified", CgroupLayout.FindV2MountPoint(HybridMountInfo));
        Assert.Equal("/sys/fs/cgroup", CgroupLayout.FindV2MountPoint(V2MountInfo));
        Assert.Null(CgroupLayout.FindV2MountPoint(V1MountInfo));
    }

    [Fact]
    public void MountInfo_UnescapesOctalAndSkipsMalformedLines()
    {
        var entries = MountInfoEntry.ParseAll("garbage line\n" + V1MountInfo).ToList();

        Assert.Equal(9, entries.Count);
        Assert.Equal("/mnt/my data", entries[^1].MountPoint);
        Assert.Equal("ext4", entries[^1].FilesystemType);
        Assert.Equal(["rw", "xattr", "name=systemd"], entries[2].SuperOptions);
    }

    /// <summary>The reader on the real host must agree with what the parser makes of the same files.</summary>
    [Fact]
    public async Task ReadAsync_ThisMachine_SeesAHierarchyUnderTheRoot()
    {
        var layout = await CgroupLayoutReader.ReadAsync();

        Assert.NotEqual(CgroupMode.None, layout.Mode);
        Assert.True(layout.V1Controllers.Count > 0 || layout.V2Controllers.Count > 0);
    }
}
