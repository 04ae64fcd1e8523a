using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Text;
using Berth.Images.Layers;

namespace Berth.Images.Tests.Layers;

[SupportedOSPlatform("linux")]
public sealed class LayerApplierEntryTests : IDisposable
{
    private readonly LayerTestRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task RegularFileGetsContentModeOwnerAndTime()
    {
        var mode = (UnixFileMode)Convert.ToInt32("4755", 8);
        await _root.ApplyAsync(new TarBuilder().File("bin/tool", "#!/bin/sh\n", mode, uid: 1234, gid: 5678).Build());

        var path = _root.InRoot("bin/tool");
        Assert.Equal("#!/bin/sh\n", await File.ReadAllTextAsync(path));
        Assert.Equal(mode, File.GetUnixFileMode(path));
        var stat = Native.Lstat(path)!.Value;
        Assert.Equal((1234u, 5678u), (stat.Uid, stat.Gid));
        Assert.Equal(TarBuilder.Time.ToUnixTimeSeconds(), stat.MtimeSeconds);
    }

    [Fact]
    public async Task DirectoryKeepsItsModeAndTimeAfterChildrenAreWritten()
    {
        var sticky = (UnixFileMode)Convert.ToInt32("1777", 8);
        await _root.ApplyAsync(new TarBuilder().Dir("tmp/", sticky).File("tmp/a", "x").Dir("tmp/sub/").File("tmp/sub/b", "y").Build());

        Assert.Equal(sticky, File.GetUnixFileMode(_root.InRoot("tmp")));
        Assert.Equal(TarBuilder.Time.ToUnixTimeSeconds(), Native.Lstat(_root.InRoot("tmp"))!.Value.MtimeSeconds);
        Assert.Equal(TarBuilder.Time.ToUnixTimeSeconds(), Native.Lstat(_root.InRoot("tmp/sub"))!.Value.MtimeSeconds);
    }

    [Fact]
    public async Task SymlinkIsCreatedWithItsOwnTime()
    {
        await _root.ApplyAsync(new TarBuilder().Symlink("sh", "/bin/busybox").Build());

        var path = _root.InRoot("sh");
        Assert.Equal("/bin/busybox", new FileInfo(path).LinkTarget);
        var stat = Native.Lstat(path)!.Value;
        Assert.True(stat.IsSymlink);
        Assert.Equal(TarBuilder.Time.ToUnixTimeSeconds(), stat.MtimeSeconds);
    }

    [Fact]
    public async Task HardLinkSharesTheInode()
    {
        await _root.ApplyAsync(new TarBuilder().File("bin/busybox", "elf").HardLink("bin/sh", "bin/busybox").HardLink("/sbin/init", "/bin/busybox").Build());

        var inode = Native.Lstat(_root.InRoot("bin/busybox"))!.Value.Inode;
        Assert.Equal(inode, Native.Lstat(_root.InRoot("bin/sh"))!.Value.Inode);
        Assert.Equal(inode, Native.Lstat(_root.InRoot("sbin/init"))!.Value.Inode);
    }

    [Fact]
    public async Task DevicesAndFifosAreMade()
    {
        await _root.ApplyAsync(new TarBuilder()
            .Device(TarEntryType.CharacterDevice, "dev/null", 1, 3)
            .Device(TarEntryType.BlockDevice, "dev/loop0", 7, 0)
            .Fifo("run/pipe")
            .Build());

        var nul = Native.Lstat(_root.InRoot("dev/null"))!.Value;
        Assert.Equal((Native.S_IFCHR, 1u, 3u), (nul.Type, nul.RdevMajor, nul.RdevMinor));
        var loop = Native.Lstat(_root.InRoot("dev/loop0"))!.Value;
        Assert.Equal((Native.S_IFBLK, 7u, 0u), (loop.Type, loop.RdevMajor, loop.RdevMinor));
        Assert.Equal(Native.S_IFIFO, Native.Lstat(_root.InRoot("run/pipe"))!.Value.Type);
        Assert.Equal((UnixFileMode)Convert.ToInt32("666", 8), File.GetUnixFileMode(_root.InRoot("dev/null")));
    }

    [Fact]
    public async Task XattrsFromPaxHeadersAreSetWithBinaryValuesIntact()
    {
        // vfs_cap_data revision 2 with cap_setuid (bit 7) and cap_net_raw (bit 13) permitted and effective:
        // the 0x80 byte is not UTF-8, which is why xattrs are read from the raw PAX bytes.
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var placeholder = new string('C', capability.Length);
        var tar = new TarBuilder().File("bin/ping", "elf", pax: new Dictionary<string, string>
        {
            ["SCHILY.xattr.user.test"] = "hello",
            ["SCHILY.xattr.security.capability"] = placeholder,
        }).Build();
        var at = tar.AsSpan().IndexOf(Encoding.ASCII.GetBytes(placeholder));
        capability.CopyTo(tar, at);

        await _root.ApplyAsync(tar);

        Assert.Equal("hello"u8.ToArray(), TestNative.Lgetxattr(_root.InRoot("bin/ping"), "user.test"));
        Assert.Equal(capability, TestNative.Lgetxattr(_root.InRoot("bin/ping"), "security.capability"));
    }

    [Fact]
    public async Task XattrsStayWithTheirEntryAmongLongNamesAndGlobalHeaders()
    {
        var longName = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 6));
        await _root.ApplyAsync(new TarBuilder()
            .Add(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "global" }))
            .Add(new GnuTarEntry(TarEntryType.Directory, longName + "/") { ModificationTime = TarBuilder.Time })
            .File(longName + "/plain", "no xattrs")
            .File($"{longName}/tagged", "one", pax: new Dictionary<string, string> { ["SCHILY.xattr.user.tag"] = "mine" })
            .File("last", "none")
            .Build());

        Assert.Equal("mine"u8.ToArray(), TestNative.Lgetxattr(_root.InRoot($"{longName}/tagged"), "user.tag"));
        Assert.Throws<IOException>(() => TestNative.Lgetxattr(_root.InRoot($"{longName}/plain"), "user.tag"));
        Assert.Throws<IOException>(() => TestNative.Lgetxattr(_root.InRoot("last"), "user.tag"));
    }

    [Fact]
    public async Task AbsoluteNamesAreConfinedToTheRoot()
    {
        await _root.ApplyAsync(new TarBuilder().File("/etc/hostname", "box").Build());

        Assert.Equal("box", await File.ReadAllTextAsync(_root.InRoot("etc/hostname")));
        _root.AssertHostUntouched();
    }

    [Fact]
    public async Task ExistingEntriesAreReplacedExceptADirectoryByADirectory()
    {
        await _root.ApplyAsync(new TarBuilder().Dir("keep/").File("keep/old", "1").Dir("gone/").File("gone/old", "2").File("file", "3").Build());
        var mode = (UnixFileMode)Convert.ToInt32("700", 8);
        await _root.ApplyAsync(new TarBuilder().Dir("keep/", mode).File("gone", "now a file").Dir("file/").Build());

        Assert.Equal("1", await File.ReadAllTextAsync(_root.InRoot("keep/old")));
        Assert.Equal(mode, File.GetUnixFileMode(_root.InRoot("keep")));
        Assert.Equal("now a file", await File.ReadAllTextAsync(_root.InRoot("gone")));
        Assert.True(Directory.Exists(_root.InRoot("file")));
    }

    [Fact]
    public async Task ResultIsTheUncompressedSizeAndTheLayerCanBeGzipOrZstd()
    {
        var tar = new TarBuilder().File("a", "gzip and zstd").Build();

        var gzip = await LayerApplier.ApplyAsync(new NonSeekableStream(TarBuilder.Gzip(tar)), _root.Root, CancellationToken.None);
        Assert.Equal(tar.Length, gzip.UncompressedSize);
        File.Delete(_root.InRoot("a"));
        var zstd = await LayerApplier.ApplyAsync(new NonSeekableStream(TarBuilder.Zstd(tar)), _root.Root, CancellationToken.None);
        Assert.Equal(tar.Length, zstd.UncompressedSize);
        Assert.Equal("gzip and zstd", await File.ReadAllTextAsync(_root.InRoot("a")));
    }
}
