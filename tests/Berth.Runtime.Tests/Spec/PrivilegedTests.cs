using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class PrivilegedTests
{
    private static readonly Oci.Runtime.RuntimeSpec Spec = Generate(new RunOptions { Privileged = true, CapDrop = ["CHOWN"] });

    [Fact]
    public void HasEveryCapability_IgnoringCapDrop()
    {
        Assert.Equal(CapabilitySet.Known, Spec.Process.Capabilities!.Bounding);
        Assert.Equal(41, Spec.Process.Capabilities.Effective!.Count);
    }

    [Fact]
    public void AllIsLimitedToWhatTheHostHas()
    {
        var host = Host(CapabilitySet.Known.Where(c => c != "CAP_SYS_RESOURCE"));
        var caps = Generate(new RunOptions { Privileged = true }, host: host).Process.Capabilities!.Bounding!;
        Assert.DoesNotContain("CAP_SYS_RESOURCE", caps);
        Assert.Equal(40, caps.Count);
    }

    [Fact]
    public void HasNoSeccomp_NoMaskedOrReadonlyPaths()
    {
        Assert.Null(Spec.Linux!.Seccomp);
        Assert.Null(Spec.Linux.MaskedPaths);
        Assert.Null(Spec.Linux.ReadonlyPaths);
    }

    [Fact]
    public void MayUseEveryDevice_AndGetsTheHostsDeviceNodes()
    {
        var rule = Assert.Single(Spec.Linux!.Resources!.Devices!);
        Assert.True(rule.Allow);
        Assert.Null(rule.Type);
        Assert.Equal("rwm", rule.Access);
        Assert.Equal("/dev/sda", Assert.Single(Spec.Linux.Devices!).Path);
    }

    [Fact]
    public void SysAndCgroupsAreWritable()
    {
        Assert.Contains("rw", Spec.Mounts!.Single(m => m.Destination == "/sys").Options!);
        Assert.Contains("rw", Spec.Mounts!.Single(m => m.Destination == "/sys/fs/cgroup").Options!);
    }
}
