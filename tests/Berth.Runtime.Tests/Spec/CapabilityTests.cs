using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class CapabilityTests
{
    private static IReadOnlyList<string> Caps(RunOptions options) => Generate(options).Process.Capabilities!.Bounding!;

    [Theory]
    [InlineData("NET_ADMIN")]
    [InlineData("net_admin")]
    [InlineData("CAP_NET_ADMIN")]
    [InlineData("cap_Net_Admin")]
    public void CapAdd_AcceptsNamesWithOrWithoutPrefix_AnyCase(string name)
    {
        var caps = Caps(new RunOptions { CapAdd = [name] });
        Assert.Contains("CAP_NET_ADMIN", caps);
        Assert.Equal(15, caps.Count);
    }

    [Fact]
    public void CapDrop_RemovesFromTheDefaults()
    {
        var caps = Caps(new RunOptions { CapDrop = ["chown", "CAP_KILL"] });
        Assert.DoesNotContain("CAP_CHOWN", caps);
        Assert.DoesNotContain("CAP_KILL", caps);
        Assert.Equal(12, caps.Count);
    }

    [Fact]
    public void CapDropAll_KeepsOnlyTheAdded()
    {
        Assert.Equal(["CAP_NET_BIND_SERVICE"], Caps(new RunOptions { CapDrop = ["ALL"], CapAdd = ["NET_BIND_SERVICE"] }));
        Assert.Empty(Caps(new RunOptions { CapDrop = ["all"] }));
    }

    [Fact]
    public void CapAddAll_GivesEverythingButTheDropped()
    {
        var caps = Caps(new RunOptions { CapAdd = ["ALL"], CapDrop = ["SYS_ADMIN"] });
        Assert.Equal(40, caps.Count);
        Assert.DoesNotContain("CAP_SYS_ADMIN", caps);
    }

    [Fact]
    public void AddingADefault_DoesNotDuplicateIt()
    {
        Assert.Equal(14, Caps(new RunOptions { CapAdd = ["CHOWN"] }).Count);
    }

    [Theory]
    [InlineData("NOT_A_CAP")]
    [InlineData("CAP_")]
    public void UnknownName_IsInvalidCapability(string name)
    {
        var e = Invalid(() => Generate(new RunOptions { CapAdd = [name] }));
        Assert.Contains("invalid capability", e.Message);
        Assert.Contains(name, e.Message);
        Assert.Contains("invalid capability", Invalid(() => Generate(new RunOptions { CapDrop = [name] })).Message);
    }

    [Fact]
    public void FromMask_ReadsBitsAsCapabilityNumbers()
    {
        Assert.Equal(["CAP_CHOWN", "CAP_KILL", "CAP_CHECKPOINT_RESTORE"], CapabilitySet.FromMask(1UL | 1UL << 5 | 1UL << 40));
        // This machine's CapBnd: everything but CAP_SYS_RESOURCE (24).
        Assert.DoesNotContain("CAP_SYS_RESOURCE", CapabilitySet.FromMask(0x000001fffeffffff));
    }
}
