using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary>
/// Berth's context sync: berth sends a context directory's changes only, onto the copy berthd kept from that
/// directory's last build, and the kept copy must then hold exactly what the directory holds.
/// </summary>
public sealed partial class ContextSyncTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ARebuildOfAnUnchangedDirectory_SendsNothing_AndAChangeSendsOnlyItself()
    {
        using var context = new BuildContext()
            .With("big.bin", new string('x', 1 << 20))
            .With("small.txt", "one\n")
            .Dockerfile("FROM busybox\nCOPY . /ctx\nCMD [\"cat\", \"/ctx/small.txt\"]\n");
        await Backdate(context);
        var first = await BuildAsync(context, "sync:1");
        Assert.True(LastReceipt().Bytes > 1 << 20);

        var second = await BuildAsync(context, "sync:1");
        Assert.Equal((0, 0L), (LastReceipt().Changed, LastReceipt().Bytes));
        Assert.Equal(first, second);

        context.With("small.txt", "two\n");
        await BuildAsync(context, "sync:1");
        var receipt = LastReceipt();
        // Rewriting a file leaves its directory's mtime: the file alone goes, not the 1 MiB beside it.
        Assert.Equal(1, receipt.Changed);
        Assert.True(receipt.Bytes < 64 << 10, $"{receipt.Bytes} bytes received");
        Assert.Equal("two\n", (await _host.DockerAsync("run", "--rm", "sync:1")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task RemovedRetypedAndNewlyIgnoredEntries_LeaveTheKeptCopy()
    {
        using var context = new BuildContext()
            .With("gone.txt", "x")
            .With("becomes-dir", "file")
            .With("dir/inner.txt", "y")
            .With("secret.key", "k")
            .Dockerfile("FROM busybox\nCOPY . /ctx\nCMD [\"sh\", \"-c\", \"cd /ctx && find . | sort\"]\n");
        File.CreateSymbolicLink(Path.Join(context.Path, "link"), "gone.txt");
        await BuildAsync(context, "sync:2");

        File.Delete(Path.Join(context.Path, "gone.txt"));
        File.Delete(Path.Join(context.Path, "becomes-dir"));
        context.With("becomes-dir/now.txt", "z");
        Directory.Delete(Path.Join(context.Path, "dir"), recursive: true);
        File.Delete(Path.Join(context.Path, "link"));
        File.CreateSymbolicLink(Path.Join(context.Path, "link"), "elsewhere");
        context.With(".dockerignore", "secret.key\n");
        await BuildAsync(context, "sync:2");

        var listing = (await _host.DockerAsync("run", "--rm", "sync:2")).AssertSuccess().Stdout;
        Assert.Equal(".\n./.dockerignore\n./Dockerfile\n./becomes-dir\n./becomes-dir/now.txt\n./link\n", listing);
        Assert.Equal("elsewhere\n", (await _host.DockerAsync("run", "--rm", "sync:2", "readlink", "/ctx/link")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task AKeptCopyWithoutItsManifest_IsSentWhole_AndStrayFilesAreRemoved()
    {
        using var context = new BuildContext()
            .With("a.txt", "a")
            .Dockerfile("FROM busybox\nCOPY . /ctx\nCMD [\"ls\", \"/ctx\"]\n");
        await BuildAsync(context, "sync:3");
        // As after a reboot, which empties the exec root: the files stay, what they hold is no longer vouched for.
        var kept = Assert.Single(Directory.GetDirectories(Path.Join(_host.Daemon.DataRoot, "build", "client-contexts")));
        File.WriteAllText(Path.Join(kept, "stray.txt"), "not the client's");
        foreach (var manifest in Directory.GetFiles(Path.Join(_host.Daemon.ExecRoot, "build-contexts"))) File.Delete(manifest);

        await BuildAsync(context, "sync:3");

        Assert.Equal(2, LastReceipt().Changed);
        Assert.Equal("Dockerfile\na.txt\n", (await _host.DockerAsync("run", "--rm", "sync:3")).AssertSuccess().Stdout);
        Assert.False(File.Exists(Path.Join(kept, "stray.txt")));
    }

    [Fact]
    public async Task BuilderPrune_RemovesKeptContexts()
    {
        using var context = new BuildContext().With("a.txt", "a").Dockerfile("FROM busybox\nCOPY a.txt /\n");
        await BuildAsync(context, "sync:4");
        var root = Path.Join(_host.Daemon.DataRoot, "build", "client-contexts");
        var key = Path.GetFileName(Assert.Single(Directory.GetDirectories(root)));
        // system df lists the kept copy as BuildKit lists its kept local sources.
        var listed = (await _host.DockerAsync("system", "df", "-v", "--format", "{{range .BuildCache}}{{.ID}} {{.CacheType}} {{.Size}}\n{{end}}")).AssertSuccess().Stdout;
        // The docker CLI shortens the ID unless told not to.
        Assert.Matches($@"(?m)^{key[..12]}[0-9a-f]* source\.local [0-9.]+[kM]?B$", listed);

        (await _host.Daemon.BerthAsync("builder", "prune", "-f")).AssertSuccess();

        Assert.Empty(Directory.GetDirectories(root));
        listed = (await _host.DockerAsync("system", "df", "-v", "--format", "{{range .BuildCache}}{{.ID}} {{.CacheType}}\n{{end}}")).AssertSuccess().Stdout;
        Assert.DoesNotContain("source.local", listed);
        await BuildAsync(context, "sync:4");
        Assert.Equal(2, LastReceipt().Changed);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    public async Task AManifestPathOutsideTheContext_IsRefused(string path)
    {
        using var http = RawHttp.For(_host.Daemon);
        var body = $$"""{"Entries":[{"Path":"{{path}}","Type":"f","Mode":420,"Size":1,"ModTime":1}]}""";
        var key = new string('a', 64);

        using var response = await http.PostAsync($"/build/context?key={key}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid build context entry path", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownUpload_IsRefused()
    {
        using var http = RawHttp.For(_host.Daemon);

        using var response = await http.PostAsync("/build?berthcontext=0123", new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown build context upload", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> BuildAsync(BuildContext context, string tag)
    {
        await Backdate(context);
        return (await _host.Daemon.BerthAsync("build", "-q", "-t", tag, context.Path)).AssertSuccess().Stdout.Trim();
    }

    /// <summary>Files written within the last two seconds are always sent (their mtime may not yet tell a change): age them.</summary>
    private static Task Backdate(BuildContext context)
    {
        var then = DateTime.UtcNow.AddMinutes(-1);
        foreach (var file in Directory.EnumerateFiles(context.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (new FileInfo(file).LinkTarget is null && File.GetLastWriteTimeUtc(file) > then) File.SetLastWriteTimeUtc(file, then.AddTicks(file.GetHashCode() & 0xFFFF));
        }
        return Task.CompletedTask;
    }

    private (int Changed, long Bytes) LastReceipt()
    {
        var match = ReceiptLine().Matches(_host.Daemon.Log).Last();
        return (int.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value));
    }

    [GeneratedRegex(@"build context [0-9a-f]{12}: received (\d+) of \d+ entries, (\d+) bytes")]
    private static partial Regex ReceiptLine();
}
