using Berth.Network.Hosts;

namespace Berth.Network.Tests.Hosts;

public sealed class HostsFileTests
{
    private const string Base = "127.0.0.1\tlocalhost\n10.0.0.9\tdb.example\n";

    [Fact]
    public void Render_AppendsTheSectionAfterTheEnginesLines()
    {
        var text = HostsFile.Render(Base, [new HostsEntry("10.89.0.2", ["abc123"]), new HostsEntry("10.89.0.3", ["web", "def456", "web", "alias"])]);
        Assert.Equal(Base + HostsFile.Marker + "\n10.89.0.2\tabc123\n10.89.0.3\tweb def456 alias\n", text);
    }

    [Fact]
    public void Render_ReplacesAnEarlierSection_AndKeepsTheLinesAboveIt()
    {
        var first = HostsFile.Render(Base, [new HostsEntry("10.89.0.2", ["old"])]);
        var second = HostsFile.Render(first, [new HostsEntry("10.89.0.4", ["new"])]);
        Assert.Equal(Base + HostsFile.Marker + "\n10.89.0.4\tnew\n", second);
    }

    [Fact]
    public async Task UpdateInPlace_KeepsTheInode_SoBindMountsSeeTheChange()
    {
        var path = Path.Join(Path.GetTempPath(), $"hosts-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(path, Base + HostsFile.Marker + "\n10.1.1.1\ta-rather-long-name-that-makes-the-old-file-longer\n");
            var lengthBefore = new FileInfo(path).Length;
            var inode = Inode(path);
            await HostsFile.UpdateInPlaceAsync(path, [new HostsEntry("10.1.1.2", ["b"])], CancellationToken.None);
            Assert.Equal(inode, Inode(path));
            Assert.Equal(Base + HostsFile.Marker + "\n10.1.1.2\tb\n", await File.ReadAllTextAsync(path));
            Assert.True(new FileInfo(path).Length < lengthBefore, "the old, longer content was not cut off");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Inode(string path) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!.StandardOutput.ReadToEnd().Trim();

    [Fact]
    public void ResolvConf_ReplacesOnlyTheGivenParts()
    {
        const string host = "search corp.example\nnameserver 10.255.255.53\noptions ndots:2\n";
        Assert.Equal("search corp.example\noptions ndots:2\nnameserver 1.1.1.1\nnameserver 9.9.9.9\n", ResolvConf.Render(host, ["1.1.1.1", "9.9.9.9"], [], []));
        Assert.Equal("nameserver 10.255.255.53\noptions ndots:2\nsearch a.example b.example\n", ResolvConf.Render(host, [], ["a.example", "b.example"], []));
        Assert.Equal("search corp.example\nnameserver 10.255.255.53\noptions timeout:1\n", ResolvConf.Render(host, [], [], ["timeout:1"]));
    }
}
