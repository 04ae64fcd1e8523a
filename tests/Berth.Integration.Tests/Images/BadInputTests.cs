using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Images;

/// <summary>
/// Bad input gets a docker-shaped error and a non-zero exit, and the stores are exactly as they were:
/// each test compares a snapshot of blobs and image names before and after.
/// </summary>
public sealed class BadInputTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private BerthDaemon _daemon = null!;
    private readonly TempDirectory _work = new();

    public async Task InitializeAsync()
    {
        _daemon = await BerthDaemon.StartAsync();
        (await _daemon.BerthAsync("import", busybox.TarPath, "busybox")).AssertSuccess();
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _work.Dispose();
    }

    [Theory]
    [InlineData("image", "inspect", "nosuch")]
    [InlineData("rmi", "nosuch")]
    [InlineData("history", "nosuch")]
    [InlineData("tag", "nosuch", "other")]
    [InlineData("save", "-o", "/tmp/berth-never-written.tar", "nosuch")]
    public async Task MissingImage_IsNotFound(params string[] args)
    {
        var before = await StoreSnapshot.TakeAsync(_daemon);
        var result = await _daemon.BerthAsync(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error response from daemon: No such image: nosuch", result.Stderr);
        Assert.False(File.Exists("/tmp/berth-never-written.tar"));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(_daemon));
    }

    [Theory]
    [InlineData("UPPER:x", "repository name (library/UPPER) must be lowercase")]
    [InlineData("bad name", "invalid reference format")]
    [InlineData("busybox:bad:tag", "invalid reference format")]
    public async Task BadReference_IsRefused(string target, string message)
    {
        var before = await StoreSnapshot.TakeAsync(_daemon);
        var result = await _daemon.BerthAsync("tag", "busybox", target);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error response from daemon:", result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(_daemon));
    }

    [Fact]
    public async Task LoadOfGarbage_Fails_AndChangesNothing()
    {
        var garbage = _work.Combine("garbage.tar");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        await AssertFailsUnchangedAsync(["load", "-i", garbage]);
    }

    [Fact]
    public async Task LoadOfTruncatedArchive_Fails_AndChangesNothing()
    {
        var archive = _work.Combine("full.tar");
        (await _daemon.BerthAsync("save", "-o", archive, "busybox")).AssertSuccess();
        (await _daemon.BerthAsync("rmi", "busybox")).AssertSuccess();
        var truncated = _work.Combine("truncated.tar");
        TarFiles.Truncate(archive, truncated, 0.5);
        await AssertFailsUnchangedAsync(["load", "-i", truncated]);
    }

    [Fact]
    public async Task ImportOfPathEscape_Fails_AndChangesNothing()
    {
        var escape = _work.Combine("escape.tar");
        TarFiles.Write(escape, ("etc/ok", "fine"), ("../../escaped", "evil"));
        var stderr = await AssertFailsUnchangedAsync(["import", escape, "evil"]);
        Assert.Contains("../../escaped", stderr);
    }

    [Fact]
    public async Task ImportOfHardlinkEscape_Fails_AndChangesNothing()
    {
        var escape = _work.Combine("hardlink.tar");
        TarFiles.WriteHardLink(escape, "passwd", "../../../etc/passwd");
        await AssertFailsUnchangedAsync(["import", escape, "evil"]);
    }

    [Fact]
    public async Task ImportOfGarbage_Fails_AndChangesNothing()
    {
        var garbage = _work.Combine("garbage.bin");
        await File.WriteAllTextAsync(garbage, new string('x', 5000));
        await AssertFailsUnchangedAsync(["import", garbage, "evil"]);
    }

    [Fact]
    public async Task ImportWithBadChange_Fails_AndChangesNothing()
    {
        var stderr = await AssertFailsUnchangedAsync(["import", "-c", "RUN echo hi", busybox.TarPath, "evil"]);
        Assert.Contains("RUN is not a valid change command", stderr);
    }

    [Fact]
    public async Task ImportUnderADigestReference_IsRefused()
    {
        var stderr = await AssertFailsUnchangedAsync(["import", busybox.TarPath, "evil@sha256:" + new string('a', 64)]);
        Assert.Contains("cannot import digest reference", stderr);
    }

    [Fact]
    public async Task MalformedReferenceFilter_IsABadRequest()
    {
        var stderr = await AssertFailsUnchangedAsync(["images", "--filter", "reference=["]);
        Assert.Contains("invalid filter 'reference=['", stderr);
    }

    [Fact]
    public async Task MissingInputFile_IsAClientError()
    {
        var result = await _daemon.BerthAsync("load", "-i", _work.Combine("absent.tar"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no such file or directory", result.Stderr);
    }

    [Fact]
    public async Task UnknownFlag_ExitsWithUsageError()
    {
        var result = await _daemon.BerthAsync("images", "--bogus");
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("--bogus", result.Stderr);
    }

    private async Task<string> AssertFailsUnchangedAsync(string[] args)
    {
        var before = await StoreSnapshot.TakeAsync(_daemon);
        var result = await _daemon.BerthAsync(args);
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("Error", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(_daemon));
        Assert.Equal(0, StoreSnapshot.IngestFileCount(_daemon));
        return result.Stderr;
    }
}
