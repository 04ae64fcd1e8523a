using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class DefaultSpecTests
{
    [Fact]
    public void Capabilities_AreDockersDefaultFourteen_InEverySetButInheritable()
    {
        var caps = Generate().Process.Capabilities!;
        string[] expected =
        [
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
        ];
        Assert.Equal(expected, caps.Bounding);
        Assert.Equal(expected, caps.Effective);
        Assert.Equal(expected, caps.Permitted);
        Assert.Null(caps.Inheritable);
        Assert.Null(caps.Ambient);
    }

    [Fact]
    public void Namespaces_AreMountNetworkUtsPidIpcCgroup_AllNew()
    {
        var namespaces = Generate().Linux!.Namespaces!;
        Assert.Equal(["mount", "network", "uts", "pid", "ipc", "cgroup"], namespaces.Select(n => n.Type));
        Assert.All(namespaces, n => Assert.Null(n.Path));
    }

    [Fact]
    public void HostNetwork_HasNoNetworkNamespace_AndTheHostsName()
    {
        var spec = Generate(new RunOptions { NetworkMode = "host" });
        Assert.DoesNotContain(spec.Linux!.Namespaces!, n => n.Type == "network");
        Assert.Equal("buildhost", spec.Hostname);
    }

    [Fact]
    public void Mounts_AreDockersSystemMounts_WithTheirOptions()
    {
        var mounts = Generate().Mounts!.ToDictionary(m => m.Destination);
        Assert.Equal(["/proc", "/dev", "/sys", "/dev/pts", "/dev/mqueue", "/dev/shm", "/sys/fs/cgroup"], Generate().Mounts!.Select(m => m.Destination));
        Assert.Equal("proc", mounts["/proc"].Type);
        Assert.Equal(["nosuid", "noexec", "nodev"], mounts["/proc"].Options);
        Assert.Equal(["nosuid", "strictatime", "mode=755", "size=65536k"], mounts["/dev"].Options);
        Assert.Equal("tmpfs", mounts["/dev"].Type);
        Assert.Equal(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"], mounts["/dev/pts"].Options);
        Assert.Equal("devpts", mounts["/dev/pts"].Type);
        Assert.Contains("ro", mounts["/sys"].Options!);
        Assert.Equal("sysfs", mounts["/sys"].Type);
        Assert.Contains("ro", mounts["/sys/fs/cgroup"].Options!);
        Assert.Equal("cgroup", mounts["/sys/fs/cgroup"].Type);
        Assert.Equal("mqueue", mounts["/dev/mqueue"].Type);
        Assert.Equal(("tmpfs", "shm"), (mounts["/dev/shm"].Type, mounts["/dev/shm"].Source));
        Assert.Equal(["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"], mounts["/dev/shm"].Options);
    }

    [Fact]
    public void ShmSize_SetsTheSizeOfDevShm()
    {
        var shm = Generate(new RunOptions { ShmSize = 128L << 20 }).Mounts!.Single(m => m.Destination == "/dev/shm");
        Assert.Contains("size=134217728", shm.Options!);
    }

    [Fact]
    public void MaskedAndReadonlyPaths_AreDockers()
    {
        var linux = Generate().Linux!;
        Assert.Equal(
            ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
             "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"],
            linux.MaskedPaths);
        Assert.Equal(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"], linux.ReadonlyPaths);
    }

    [Fact]
    public void SystemPathsUnconfined_DropsMaskedAndReadonlyPaths()
    {
        var linux = Generate(new RunOptions { SecurityOpt = ["systempaths=unconfined"] }).Linux!;
        Assert.Null(linux.MaskedPaths);
        Assert.Null(linux.ReadonlyPaths);
    }

    [Fact]
    public void Devices_DenyAll_ThenAllowTheStandardCharacterDevices()
    {
        var rules = Generate().Linux!.Resources!.Devices!;
        Assert.False(rules[0].Allow);
        Assert.Null(rules[0].Type);
        Assert.Equal("rwm", rules[0].Access);
        var allowed = rules.Skip(1).Select(r => (r.Type, r.Major, r.Minor)).ToList();
        Assert.All(rules.Skip(1), r => Assert.True(r.Allow));
        Assert.Equal([("c", 1L, 3L), ("c", 1L, 5L), ("c", 1L, 7L), ("c", 1L, 8L), ("c", 1L, 9L), ("c", 5L, 0L), ("c", 5L, 1L), ("c", 5L, 2L)],
            allowed.Where(a => a.Minor is not null).Select(a => (a.Type!, a.Major!.Value, a.Minor!.Value)));
        Assert.Contains(("c", (long?)136, (long?)null), allowed);
        Assert.Null(Generate().Linux!.Devices);
    }

    [Fact]
    public void Process_Defaults_RootInSlash_NoRlimits_OomZero_NoTerminal()
    {
        var spec = Generate();
        Assert.Equal((0u, 0u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.Equal("/", spec.Process.Cwd);
        Assert.Null(spec.Process.Rlimits);
        Assert.Equal(0, spec.Process.OomScoreAdj);
        Assert.False(spec.Process.Terminal);
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.Equal(Rootfs, spec.Root.Path);
        Assert.Null(spec.Root.Readonly);
    }

    [Fact]
    public void Hostname_IsTheShortId_CgroupsPathIsUnderBerth()
    {
        var spec = Generate();
        Assert.Equal(ContainerId[..12], spec.Hostname);
        Assert.Equal("/berth/" + ContainerId, spec.Linux!.CgroupsPath);
        Assert.Equal("given", Generate(new RunOptions { Hostname = "given" }).Hostname);
    }

    [Fact]
    public void Seccomp_IsOnByDefault()
    {
        var seccomp = Generate().Linux!.Seccomp!;
        Assert.Equal("SCMP_ACT_ERRNO", seccomp.DefaultAction);
        Assert.Equal(1u, seccomp.DefaultErrnoRet);
    }

    [Fact]
    public void ReadOnly_MakesTheRootReadOnly()
    {
        Assert.True(Generate(new RunOptions { ReadOnlyRootfs = true }).Root.Readonly);
    }

    [Fact]
    public void StopSignal_IsAnAnnotation_OptionOverImage()
    {
        var image = Image(new() { Cmd = ["sh"], StopSignal = "SIGQUIT" });
        Assert.Equal("SIGQUIT", Generate(image: image).Annotations![SpecGenerator.StopSignalAnnotation]);
        Assert.Equal("SIGINT", Generate(new RunOptions { StopSignal = "SIGINT" }, image).Annotations![SpecGenerator.StopSignalAnnotation]);
        Assert.Null(Generate().Annotations);
    }

    [Fact]
    public void NetworkNamespacePath_IsJoinedByTheNetworkNamespace()
    {
        var spec = Generate(new RunOptions { NetworkMode = "container:abc", NetworkNamespacePath = "/run/berth/netns/abc" });
        var network = Assert.Single(spec.Linux!.Namespaces!, n => n.Type == "network");
        Assert.Equal("/run/berth/netns/abc", network.Path);
        Assert.All(spec.Linux.Namespaces!.Where(n => n.Type != "network"), n => Assert.Null(n.Path));
    }
}
