using Berth.Oci;
using Berth.Runtime.Cgroups;
using static Berth.Runtime.Tests.Cgroups.CgroupFixtures;

namespace Berth.Runtime.Tests.Cgroups;

public sealed class CgroupPreparerTests
{
    private const string Busy = "mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb failed: mount point busy";

    private static readonly CgroupLayout Hybrid = CgroupLayout.Parse(HybridMountInfo, HybridProcCgroups, HybridV2Controllers);
    private static readonly CgroupLayout Repaired = CgroupLayout.Parse(RepairedMountInfo, HybridProcCgroups, "");

    [Fact]
    public async Task V2_Crun_RunsAsIs()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [CgroupLayout.Parse(V2MountInfo, V2ProcCgroups, V2Controllers)]).PrepareAsync("crun");

        Assert.Equal("crun", decision.Runtime);
        Assert.Equal("cgroup v2 host: using crun", decision.Message);
        Assert.Empty(decision.Actions);
        Assert.Empty(mounter.Mounts);
    }

    [Fact]
    public async Task V1_Crun_RunsAsIs()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [CgroupLayout.Parse(V1MountInfo, V1ProcCgroups, "")]).PrepareAsync();

        Assert.Equal("crun", decision.Runtime);
        Assert.Equal("cgroup v1 host: using crun", decision.Message);
        Assert.Empty(mounter.Mounts);
    }

    [Fact]
    public async Task Hybrid_Runc_RunsAsIs()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [Hybrid]).PrepareAsync("runc");

        Assert.Equal("runc", decision.Runtime);
        Assert.Equal("cgroup v1/v2 hybrid host: using runc", decision.Message);
        Assert.Empty(mounter.Mounts);
    }

    [Fact]
    public async Task HybridWithNothingOnV2_Crun_RunsAsIs()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [CgroupLayout.Parse(SystemdHybridMountInfo, V1ProcCgroups, "")]).PrepareAsync("crun");

        Assert.Equal("crun", decision.Runtime);
        Assert.Empty(mounter.Mounts);
    }

    [Fact]
    public async Task Hybrid_Crun_MovesHugetlbToV1()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [Hybrid, Repaired]).PrepareAsync("crun");

        Assert.Equal([("hugetlb", "/sys/fs/cgroup/hugetlb")], mounter.Mounts);
        Assert.Equal("crun", decision.Runtime);
        Assert.Equal("cgroup v1/v2 hybrid host: moved hugetlb to a v1 hierarchy at /sys/fs/cgroup/hugetlb so crun can run", decision.Message);
        Assert.Equal(["mounted the hugetlb controller as a cgroup v1 hierarchy at /sys/fs/cgroup/hugetlb"], decision.Actions);
    }

    /// <summary>A runtime given as a path is still recognised as crun.</summary>
    [Fact]
    public async Task Hybrid_CrunByPath_MovesHugetlbToV1()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [Hybrid, Repaired]).PrepareAsync("/usr/local/bin/crun");

        Assert.Equal("/usr/local/bin/crun", decision.Runtime);
        Assert.Single(mounter.Mounts);
    }

    [Fact]
    public async Task Hybrid_Crun_SeveralControllers_MovesEachInOrder()
    {
        var mounter = new RecordingCgroupMounter();
        var two = CgroupLayout.Parse(HybridMountInfo, HybridProcCgroups, "rdma hugetlb");

        var decision = await Preparer(mounter, [two, Repaired]).PrepareAsync("crun");

        Assert.Equal([("hugetlb", "/sys/fs/cgroup/hugetlb"), ("rdma", "/sys/fs/cgroup/rdma")], mounter.Mounts);
        Assert.Equal(
            "cgroup v1/v2 hybrid host: moved hugetlb to a v1 hierarchy at /sys/fs/cgroup/hugetlb and rdma to a v1 hierarchy at /sys/fs/cgroup/rdma so crun can run",
            decision.Message);
    }

    [Fact]
    public async Task Hybrid_Crun_MountFails_FallsBackToRunc()
    {
        var mounter = new RecordingCgroupMounter(Busy);

        var decision = await Preparer(mounter, [Hybrid], runcInstalled: true).PrepareAsync("crun");

        Assert.Equal("runc", decision.Runtime);
        Assert.Empty(decision.Actions);
        Assert.Equal(
            $"cgroup v1/v2 hybrid host: crun cannot run while hugetlb is on cgroup v2, and that cannot be fixed ({Busy}); using runc instead",
            decision.Message);
    }

    /// <summary>The kernel has the last word: a mount that "worked" but left the controller on v2 is a failure.</summary>
    [Fact]
    public async Task Hybrid_Crun_StillOnV2AfterMount_FallsBackToRunc()
    {
        var mounter = new RecordingCgroupMounter();

        var decision = await Preparer(mounter, [Hybrid, Hybrid], runcInstalled: true).PrepareAsync("crun");

        Assert.Equal("runc", decision.Runtime);
        Assert.Equal(["mounted the hugetlb controller as a cgroup v1 hierarchy at /sys/fs/cgroup/hugetlb"], decision.Actions);
        Assert.Contains("(hugetlb still on cgroup v2 after mounting); using runc instead", decision.Message);
    }

    [Fact]
    public async Task Hybrid_Crun_MountFailsWithoutRunc_IsUnavailable()
    {
        var preparer = Preparer(new RecordingCgroupMounter(Busy), [Hybrid], runcInstalled: false);

        var error = await Assert.ThrowsAsync<BerthException>(() => preparer.PrepareAsync("crun"));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal(
            $"cgroup v1/v2 hybrid host: crun cannot run while hugetlb is on cgroup v2, and that cannot be fixed ({Busy}), and runc, which would run as is, is not installed",
            error.Message);
    }

    [Fact]
    public async Task NoCgroups_IsUnavailable()
    {
        var preparer = Preparer(new RecordingCgroupMounter(), [CgroupLayout.Parse(NoCgroupMountInfo, "", "")]);

        var error = await Assert.ThrowsAsync<BerthException>(() => preparer.PrepareAsync("runc"));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("no cgroup filesystem", error.Message);
    }

    /// <summary>A preparer whose layout reads return <paramref name="layouts"/> in turn: before, then after mounting.</summary>
    private static CgroupPreparer Preparer(RecordingCgroupMounter mounter, CgroupLayout[] layouts, bool runcInstalled = true)
    {
        var reads = new Queue<CgroupLayout>(layouts);
        return new CgroupPreparer(mounter, _ => Task.FromResult(reads.Dequeue()), name => runcInstalled && name == "runc");
    }
}
