using Berth.Oci.Runtime;
using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class MountTests
{
    private static MountSpec MountAt(RuntimeSpec spec, string destination) => spec.Mounts!.Single(m => m.Destination == destination);

    [Fact]
    public void Binds_AreRecursivePrivate_ReadWriteUnlessRo()
    {
        var spec = Generate(new RunOptions { Binds = ["/srv/data:/data", "/etc/cfg:/cfg:ro"] });
        Assert.Equal(("bind", "/srv/data"), (MountAt(spec, "/data").Type, MountAt(spec, "/data").Source));
        Assert.Equal(["rbind", "rprivate", "rw"], MountAt(spec, "/data").Options);
        Assert.Equal(["rbind", "rprivate", "ro"], MountAt(spec, "/cfg").Options);
        Assert.Null(spec.Linux!.RootfsPropagation);
    }

    [Fact]
    public void BindPropagation_IsKept_AndSharedMakesTheRootShared()
    {
        var spec = Generate(new RunOptions { Binds = ["/mnt:/mnt:ro,rshared"] });
        Assert.Equal(["rbind", "rshared", "ro"], MountAt(spec, "/mnt").Options);
        Assert.Equal("rshared", spec.Linux!.RootfsPropagation);
        Assert.Equal("rslave", Generate(new RunOptions { Mounts = [new() { Type = "bind", Source = "/a", Target = "/a", BindPropagation = "rslave" }] }).Linux!.RootfsPropagation);
    }

    [Theory]
    [InlineData("/only")]
    [InlineData("/a:/b:/c:/d")]
    [InlineData("/a:relative")]
    [InlineData("/a:/")]
    [InlineData("/a:/b:bogus")]
    [InlineData("volume:/data")]
    public void BadBinds_AreInvalid(string bind) => Invalid(() => Generate(new RunOptions { Binds = [bind] }));

    [Fact]
    public void MountOptions_BindAndTmpfs()
    {
        var spec = Generate(new RunOptions
        {
            Mounts =
            [
                new() { Type = "bind", Source = "/host", Target = "/ctr", ReadOnly = true },
                new() { Type = "tmpfs", Target = "/cache", TmpfsSize = 1 << 20, TmpfsMode = Convert.ToUInt32("1777", 8) },
            ],
        });
        Assert.Equal(["rbind", "rprivate", "ro"], MountAt(spec, "/ctr").Options);
        Assert.Equal("tmpfs", MountAt(spec, "/cache").Type);
        Assert.Equal(["nosuid", "nodev", "noexec", "size=1048576", "mode=1777"], MountAt(spec, "/cache").Options);
        Invalid(() => Generate(new RunOptions { Mounts = [new() { Type = "volume", Source = "v", Target = "/v" }] }));
        Invalid(() => Generate(new RunOptions { Mounts = [new() { Type = "bind", Source = "rel", Target = "/v" }] }));
    }

    [Fact]
    public void Tmpfs_GetsDockersDefaults_AndOptionsOverrideThem()
    {
        var spec = Generate(new RunOptions { Tmpfs = new Dictionary<string, string> { ["/run"] = "", ["/tmp"] = "rw,exec,size=64m" } });
        Assert.Equal(["nosuid", "nodev", "noexec"], MountAt(spec, "/run").Options);
        Assert.Equal(["nosuid", "nodev", "rw", "exec", "size=64m"], MountAt(spec, "/tmp").Options);
    }

    [Fact]
    public void UserMount_ReplacesTheDefaultAtTheSamePlace()
    {
        var spec = Generate(new RunOptions { Tmpfs = new Dictionary<string, string> { ["/dev/shm"] = "size=1g" } });
        var shm = Assert.Single(spec.Mounts!, m => m.Destination == "/dev/shm");
        Assert.Equal("tmpfs", shm.Source);
        Assert.Contains("size=1g", shm.Options!);
    }

    [Fact]
    public void DuplicateMountPoints_AreInvalid() =>
        Assert.Contains("Duplicate mount point", Invalid(() => Generate(new RunOptions
        {
            Binds = ["/a:/data"],
            Tmpfs = new Dictionary<string, string> { ["/data/"] = "" },
        })).Message);

    [Fact]
    public void ContainerFiles_AreBoundOverEtc_ReadOnlyWithReadOnlyRoot()
    {
        var files = new ContainerFiles { HostsPath = "/c/hosts", HostnamePath = "/c/hostname", ResolvConfPath = "/c/resolv.conf" };
        var spec = Generate(files: files);
        Assert.Equal("/c/hosts", MountAt(spec, "/etc/hosts").Source);
        Assert.Equal("/c/hostname", MountAt(spec, "/etc/hostname").Source);
        Assert.Equal(["rbind", "rprivate", "rw"], MountAt(spec, "/etc/resolv.conf").Options);
        Assert.Contains("ro", MountAt(Generate(new RunOptions { ReadOnlyRootfs = true }, files: files), "/etc/hosts").Options!);
        Assert.Equal("/mine", MountAt(Generate(new RunOptions { Binds = ["/mine:/etc/hosts"] }, files: files), "/etc/hosts").Source);
    }

    [Fact]
    public void Mounts_AreOrderedParentsFirst()
    {
        var spec = Generate(new RunOptions { Binds = ["/x:/data/deep/er", "/y:/data"] });
        var destinations = spec.Mounts!.Select(m => m.Destination).ToList();
        Assert.True(destinations.IndexOf("/data") < destinations.IndexOf("/data/deep/er"));
        Assert.True(destinations.IndexOf("/dev") < destinations.IndexOf("/dev/pts"));
    }
}
