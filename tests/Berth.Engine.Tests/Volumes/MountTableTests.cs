using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Volumes;

public sealed class MountTableTests
{
    [Theory]
    [InlineData("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue", "/mnt2")]
    [InlineData(@"40 20 0:50 / /var/lib/berth/volumes/with\040space/_data rw - tmpfs tmpfs rw", "/var/lib/berth/volumes/with space/_data")]
    [InlineData(@"40 20 0:50 / /odd\134name rw - tmpfs tmpfs rw", @"/odd\name")]
    [InlineData("short line", null)]
    public void MountPointOf_ReadsTheFifthField_Unescaped(string line, string? expected) =>
        Assert.Equal(expected, MountTable.MountPointOf(line));

    [Fact]
    public async Task TheRootIsAMountPoint_AFreshDirectoryIsNot()
    {
        Assert.True(await MountTable.IsMountPointAsync("/", CancellationToken.None));
        var dir = Directory.CreateTempSubdirectory("berth-mt-");
        try
        {
            Assert.False(await MountTable.IsMountPointAsync(dir.FullName, CancellationToken.None));
        }
        finally
        {
            dir.Delete();
        }
    }
}
