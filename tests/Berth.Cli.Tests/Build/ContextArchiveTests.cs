using System.Formats.Tar;
using Berth.Cli.Commands.Build;

namespace Berth.Cli.Tests.Build;

/// <summary>The context tar as the docker CLI makes it: ignored files out (but never the Dockerfile or .dockerignore), root-owned, sorted.</summary>
public sealed class ContextArchiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-ctx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task IgnoredFilesStayOut_ButTheDockerfileAndIgnoreFileAlwaysGo()
    {
        Write("Dockerfile", "FROM scratch");
        Write(".dockerignore", "Dockerfile\n.dockerignore\n*.log\nbuild\n!build/keep.txt\n");
        Write("app.c", "int main;");
        Write("debug.log", "x");
        Write("build/out.o", "x");
        Write("build/keep.txt", "x");
        File.CreateSymbolicLink(Path.Join(_dir, "link"), "app.c");

        var entries = await EntriesAsync("Dockerfile", null);

        Assert.Equal([".dockerignore", "Dockerfile", "app.c", "build/keep.txt", "link"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.Equal("app.c", entries.Single(e => e.Name == "link").LinkName);
    }

    [Fact]
    public async Task ADockerfileFromOutside_JoinsUnderItsOwnName()
    {
        Write("data", "x");

        var entries = await EntriesAsync(".dockerfile.abc", new ExtraDockerfile(".dockerfile.abc", "FROM scratch"u8.ToArray(), DateTimeOffset.UtcNow));

        Assert.Equal(["data", ".dockerfile.abc"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task OnlyTheEntriesASyncedContextLacks_AreSent_AndTheExtraDockerfileAlways()
    {
        Write("Dockerfile", "FROM scratch");
        Write("same.txt", "x");
        Write("src/changed.txt", "y");
        var extra = new ExtraDockerfile(".dockerfile.abc", "FROM scratch"u8.ToArray(), DateTimeOffset.UtcNow);

        var entries = await EntriesAsync(extra.Name, extra, new HashSet<string> { "src/changed.txt" });

        Assert.Equal(["src/changed.txt", ".dockerfile.abc"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task ADanglingSymlink_GoesWithItsOwnTime()
    {
        File.CreateSymbolicLink(Path.Join(_dir, "dangling"), "nowhere");

        var link = Assert.Single(await EntriesAsync("Dockerfile", null));

        Assert.Equal(("dangling", "nowhere"), (link.Name, link.LinkName));
        Assert.InRange(link.ModificationTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Fifos_AreLeftOut()
    {
        Write("file", "x");
        Assert.Equal(0, System.Diagnostics.Process.Start("mkfifo", Path.Join(_dir, "pipe"))!.WaitForExitAndGetCode());

        Assert.Equal(["file"], (await EntriesAsync("Dockerfile", null)).Select(e => e.Name));
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0 }, true)]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, true)]
    [InlineData(new byte[] { (byte)'F', (byte)'R', (byte)'O', (byte)'M' }, false)]
    public void IsArchive_SniffsCompressedStreams(byte[] head, bool archive) => Assert.Equal(archive, BuildSource.IsArchive(head));

    [Fact]
    public void BuildArguments_WithoutValue_ComeFromTheEnvironment()
    {
        var arguments = BuildCommand.BuildArguments(["A=1", "B=", "PATH", "BERTH_SURELY_UNSET_VARIABLE"]);

        Assert.Equal("1", arguments["A"]);
        Assert.Equal("", arguments["B"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), arguments["PATH"]);
        Assert.Null(arguments["BERTH_SURELY_UNSET_VARIABLE"]);
    }

    private void Write(string name, string content)
    {
        var path = Path.Join(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private async Task<List<TarEntry>> EntriesAsync(string dockerfile, ExtraDockerfile? extra, IReadOnlySet<string>? only = null)
    {
        using var tar = new MemoryStream();
        await ContextArchive.WriteAsync(_dir, dockerfile, extra, tar, only, CancellationToken.None);
        tar.Position = 0;
        var entries = new List<TarEntry>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.EntryType != TarEntryType.Directory) entries.Add(entry);
        }
        return entries;
    }
}

internal static class ProcessExtensions
{
    public static int WaitForExitAndGetCode(this System.Diagnostics.Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
