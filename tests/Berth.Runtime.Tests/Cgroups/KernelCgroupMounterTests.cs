using Berth.Runtime.Cgroups;

namespace Berth.Runtime.Tests.Cgroups;

/// <summary>The real mounter's failure path, which leaves the host as it found it.</summary>
public sealed class KernelCgroupMounterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-cgmount-").FullName;

    [Fact]
    public async Task Mount_UnknownController_FailsWithMountsReasonAndRemovesTheDirectoryItMade()
    {
        var mountPoint = Path.Combine(_dir, "nosuch");

        var error = await Assert.ThrowsAsync<IOException>(
            () => new KernelCgroupMounter().MountV1HierarchyAsync("berth_no_such_controller", mountPoint));

        Assert.StartsWith($"mount -t cgroup -o berth_no_such_controller cgroup {mountPoint} failed: ", error.Message);
        Assert.False(Directory.Exists(mountPoint));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
