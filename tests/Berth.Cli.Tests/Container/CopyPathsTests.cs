using System.Formats.Tar;
using Berth.Api.Models;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Container;

namespace Berth.Cli.Tests.Container;

/// <summary>docker cp's argument split, destination and rename rules, and the host extraction's confinement.</summary>
public sealed class CopyPathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-cp-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("web:/etc/hosts", "web", "/etc/hosts")]
    [InlineData("web:etc", "web", "etc")]
    [InlineData("/tmp/a:b", null, "/tmp/a:b")]
    [InlineData("./a:b", null, "./a:b")]
    [InlineData("file.txt", null, "file.txt")]
    [InlineData(":x", null, ":x")]
    public void SplitsAsDocker(string argument, string? container, string path) =>
        Assert.Equal((container, path), CopyPaths.Split(argument));

    [Theory]
    [InlineData("/etc/hosts", "hosts")]
    [InlineData("/etc/", "etc")]
    [InlineData("/etc/.", "etc")]
    [InlineData("/", "/")]
    public void BaseNameIgnoresTrailingSlashAndDot(string path, string name) => Assert.Equal(name, CopyPaths.BaseName(path));

    [Theory]
    [InlineData("/a/b", "/a")]
    [InlineData("/a", "/")]
    [InlineData("/a/b/", "/a")]
    public void ParentOfContainerPath(string path, string parent) => Assert.Equal(parent, CopyPaths.Parent(path));

    [Fact]
    public void ExistingDirectoryReceivesTheEntryAsNamed() => Assert.Equal(("/tmp", (string?)null), CopyPaths.Target("/tmp", true));

    [Fact]
    public void OtherDestinationRenamesIntoItsParent() => Assert.Equal(("/tmp", "new.txt"), CopyPaths.Target("/tmp/new.txt", false));

    [Fact]
    public void DirectoryBitFromStatHeader()
    {
        Assert.True(CopyPaths.IsDirectory(new ContainerPathStat { Name = "etc", Mode = (1L << 31) | 0x1ed, Mtime = "", LinkTarget = "" }));
        Assert.False(CopyPaths.IsDirectory(new ContainerPathStat { Name = "hosts", Mode = 0x1a4, Mtime = "", LinkTarget = "" }));
        Assert.False(CopyPaths.IsDirectory(null));
    }

    [Theory]
    [InlineData("etc", "etc", "conf", "conf")]
    [InlineData("etc/hosts", "etc", "conf", "conf/hosts")]
    [InlineData("etc/", "etc", "conf", "conf/")]
    [InlineData("etcetera/x", "etc", "conf", "etcetera/x")]
    [InlineData("etc/hosts", "etc", null, "etc/hosts")]
    public void RenamesOnlyTheTopElement(string entry, string sourceBase, string? renameTo, string expected) =>
        Assert.Equal(expected, CopyPaths.Rename(entry, sourceBase, renameTo));

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("a/..")]
    [InlineData("")]
    public void RefusesNamesOutsideTheRoot(string entry) => Assert.Null(CopyPaths.Confined(_root, entry));

    [Fact]
    public void ConfinedNameResolvesUnderRoot() => Assert.Equal(Path.Combine(_root, "a", "b"), CopyPaths.Confined(_root, "a/./b"));

    [Fact]
    public async Task ExtractsRenamedIntoParent()
    {
        using var tar = await Archive(("hosts", TarEntryType.RegularFile, "127.0.0.1 localhost"));
        await HostArchive.ExtractAsync(tar, _root, "hosts", "copy.txt", CancellationToken.None);
        Assert.Equal("127.0.0.1 localhost", await File.ReadAllTextAsync(Path.Combine(_root, "copy.txt")));
        Assert.False(File.Exists(Path.Combine(_root, "hosts")));
    }

    [Fact]
    public async Task RefusesDotDotEntry()
    {
        using var tar = await Archive(("../evil", TarEntryType.RegularFile, "x"));
        await Assert.ThrowsAsync<CliUsageException>(() => HostArchive.ExtractAsync(tar, _root, "evil", null, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "evil")));
    }

    [Fact]
    public async Task RefusesWritingThroughAPlantedSymlink()
    {
        var outside = Directory.CreateTempSubdirectory("berth-cp-outside-").FullName;
        try
        {
            using var tar = await Archive(("d", TarEntryType.Directory, ""), ("d/link", TarEntryType.SymbolicLink, outside), ("d/link/file", TarEntryType.RegularFile, "x"));
            await Assert.ThrowsAsync<CliUsageException>(() => HostArchive.ExtractAsync(tar, _root, "d", null, CancellationToken.None));
            Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task RoundTripsADirectoryUnderANewName()
    {
        var source = Directory.CreateDirectory(Path.Combine(_root, "src"));
        await File.WriteAllTextAsync(Path.Combine(source.FullName, "a.txt"), "A");
        using var tar = new MemoryStream();
        await HostArchive.WriteAsync(source.FullName, "dst", tar, CancellationToken.None);
        tar.Position = 0;
        var names = new List<string>();
        await using (var reader = new TarReader(tar, leaveOpen: true))
            while (await reader.GetNextEntryAsync() is { } entry) names.Add(entry.Name);
        Assert.Equal(["dst/", "dst/a.txt"], names);
        tar.Position = 0;
        await HostArchive.ExtractAsync(tar, _root, "dst", null, CancellationToken.None);
        Assert.Equal("A", await File.ReadAllTextAsync(Path.Combine(_root, "dst", "a.txt")));
    }

    private static async Task<MemoryStream> Archive(params (string Name, TarEntryType Type, string Content)[] entries)
    {
        var stream = new MemoryStream();
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, type, content) in entries)
            {
                var entry = new PaxTarEntry(type, name) { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute };
                if (type == TarEntryType.SymbolicLink) entry.LinkName = content;
                if (type == TarEntryType.RegularFile) entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
                await writer.WriteEntryAsync(entry);
            }
        }
        stream.Position = 0;
        return stream;
    }
}
