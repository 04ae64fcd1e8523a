using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests.Spec;

public sealed class HostInfoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-host-").FullName;

    [Fact]
    public void Current_ReadsThisMachine()
    {
        var host = HostInfo.Current();
        Assert.Contains("CAP_CHOWN", host.Capabilities);
        Assert.All(host.Capabilities, c => Assert.Contains(c, CapabilitySet.Known));
        Assert.True(host.KernelVersion.Major >= 3);
        Assert.True(host.CpuCount >= 1);
        Assert.Contains(host.Architecture, new[] { "amd64", "arm64", "386", "arm" });
    }

    [Fact]
    public void Devices_AreListedFromSysDevUevents_ThatExistUnderDev()
    {
        var sys = Path.Combine(_dir, "sys");
        var dev = Path.Combine(_dir, "dev");
        Directory.CreateDirectory(Path.Combine(dev, "net"));
        File.WriteAllText(Path.Combine(dev, "null"), "");
        File.WriteAllText(Path.Combine(dev, "net", "tun"), "");
        File.WriteAllText(Path.Combine(dev, "sda"), "");
        Uevent(sys, "char/1:3", "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n");
        Uevent(sys, "char/10:200", "MAJOR=10\nMINOR=200\nDEVNAME=net/tun\n");
        Uevent(sys, "char/136:0", "MAJOR=136\nMINOR=0\nDEVNAME=pts/0\n");
        Uevent(sys, "char/4:9", "MAJOR=4\nMINOR=9\nDEVNAME=ttyS9\n");
        Uevent(sys, "block/8:0", "MAJOR=8\nMINOR=0\nDEVNAME=sda\nDEVTYPE=disk\n");

        var devices = HostDevices.List(sys, dev);

        // Character devices first, each kind in the order of its MAJOR:MINOR names.
        Assert.Equal(["/dev/net/tun", "/dev/null", "/dev/sda"], devices.Select(d => d.Path));
        Assert.Equal(("c", 1L, 3L, 438u), (devices[1].Type, devices[1].Major!.Value, devices[1].Minor!.Value, devices[1].FileMode!.Value));
        Assert.Equal(432u, devices[0].FileMode);
        Assert.Equal(("b", 8L), (devices[2].Type, devices[2].Major!.Value));
    }

    private static void Uevent(string sys, string entry, string text)
    {
        var dir = Path.Combine(sys, entry);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "uevent"), text);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
