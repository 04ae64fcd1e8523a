using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// Faults in the middle of a layer: a connection cut mid-blob resumes with a Range request in the same pull, and a
/// berthd killed mid-blob leaves the bytes it had on disk for the next pull, which asks only for the rest.
/// </summary>
public sealed class PullResumeTests : IAsyncLifetime
{
    private const long LayerSize = 24L * 1024 * 1024;
    private readonly TempDirectory _work = new();
    private readonly TempDirectory _daemonDirs = new();
    private DockerRegistry _registry = null!;
    private FaultProxy _proxy = null!;
    private BerthDaemon _daemon = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _registry = await DockerRegistry.StartAsync();
        _proxy = new FaultProxy(_registry.Host);
        _daemon = await BerthDaemon.StartAsync(_daemonDirs);
        _cli = new RegistryCli(_daemon, _work.Combine("docker-config"));
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        await _proxy.DisposeAsync();
        await _registry.DisposeAsync();
        _daemonDirs.Dispose();
        _work.Dispose();
    }

    /// <summary>Pushes a one-layer image of random bytes straight to the registry, removes it locally; returns its layer digest.</summary>
    private async Task<string> PushRandomImageAsync(string repository)
    {
        var tar = _work.Combine("random.tar");
        TarFiles.WriteRandom(tar, "random.bin", LayerSize);
        var name = $"{_registry.Host}/{repository}:1";
        (await _cli.BerthAsync("import", tar, name)).AssertSuccess();
        using var inspect = JsonDocument.Parse((await _cli.BerthAsync("image", "inspect", name)).AssertSuccess().Stdout);
        // An imported layer is stored uncompressed, so its digest is its diff ID.
        var layer = inspect.RootElement[0].GetProperty("RootFS").GetProperty("Layers")[0].GetString()!;
        (await _cli.BerthAsync("push", name)).AssertSuccess();
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        return layer;
    }

    private string ResumablePath(string digest) => Path.Combine(_daemon.DataRoot, "content", "resumable", digest["sha256:".Length..]);

    [Fact]
    public async Task ConnectionCutMidLayer_ResumesWithRange()
    {
        var layer = await PushRandomImageAsync("cut");
        _proxy.BreakAfter = 5L * 1024 * 1024;
        var name = $"{_proxy.Host}/cut:1";

        (await _cli.BerthAsync("pull", name)).AssertSuccess();

        var ranges = _proxy.BlobRanges;
        Assert.Contains(ranges, r => r is not null && r.StartsWith("bytes=", StringComparison.Ordinal) && r != "bytes=0-");
        using var inspect = JsonDocument.Parse((await _cli.BerthAsync("image", "inspect", name)).AssertSuccess().Stdout);
        Assert.Equal(layer, inspect.RootElement[0].GetProperty("RootFS").GetProperty("Layers")[0].GetString());
        Assert.False(File.Exists(ResumablePath(layer)));
    }

    [Fact]
    public async Task DaemonKilledMidLayer_NextPullDownloadsOnlyTheRest()
    {
        var layer = await PushRandomImageAsync("killed");
        var name = $"{_proxy.Host}/killed:1";
        _proxy.BreakAfter = 8L * 1024 * 1024;
        _proxy.Stall = true;

        var firstPull = _cli.BerthAsync("pull", name);
        var partial = ResumablePath(layer);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            // Wait for most of the served bytes to reach the disk (the writer buffers a little).
            while (!File.Exists(partial) || new FileInfo(partial).Length < 7L * 1024 * 1024) await Task.Delay(100, deadline.Token);
        }
        await _daemon.KillAsync();
        await firstPull;
        var onDisk = new FileInfo(partial).Length;
        Assert.InRange(onDisk, 7L * 1024 * 1024, 8L * 1024 * 1024);

        _proxy.Stall = false;
        _proxy.Released.TrySetResult();
        _daemon = await BerthDaemon.StartAsync(_daemonDirs);
        _cli = new RegistryCli(_daemon, _work.Combine("docker-config"));
        var servedBefore = _proxy.BlobBytesServed;
        var rangesBefore = _proxy.BlobRanges.Count;

        (await _cli.BerthAsync("pull", name)).AssertSuccess();

        Assert.Contains($"bytes={onDisk}-", _proxy.BlobRanges.Skip(rangesBefore));
        // The rest of the layer, plus the (tiny) config that the restart's collection removed: never the whole layer again.
        var served = _proxy.BlobBytesServed - servedBefore;
        Assert.InRange(served, LayerSize - onDisk, LayerSize - onDisk + 64 * 1024);
        using var inspect = JsonDocument.Parse((await _cli.BerthAsync("image", "inspect", name)).AssertSuccess().Stdout);
        Assert.Equal(layer, inspect.RootElement[0].GetProperty("RootFS").GetProperty("Layers")[0].GetString());
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task PartialDownloadsAbandonedForADay_GoAtDaemonStartAndOnPrune()
    {
        var layer = await PushRandomImageAsync("abandoned");
        _proxy.BreakAfter = 4L * 1024 * 1024;
        _proxy.Stall = true;
        var firstPull = _cli.BerthAsync("pull", $"{_proxy.Host}/abandoned:1");
        var partial = ResumablePath(layer);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (!File.Exists(partial) || new FileInfo(partial).Length < 3L * 1024 * 1024) await Task.Delay(100, deadline.Token);
        }
        await _daemon.KillAsync();
        await firstPull;
        _proxy.Stall = false;
        _proxy.Released.TrySetResult();

        // A restart soon after keeps it: the next pull may resume from it.
        await RestartAsync();
        Assert.True(File.Exists(partial));

        // A day on, nobody came back for it: the start's collection removes it.
        await _daemon.StopAsync();
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddHours(-25));
        await RestartAsync();
        Assert.False(File.Exists(partial));

        // And so does a prune, with no image to remove (a partial in the shape the killed pull left: named by the blob's hex).
        var stale = Path.Combine(_daemon.DataRoot, "content", "resumable", new string('a', 64));
        await File.WriteAllBytesAsync(stale, new byte[3 * 1024 * 1024]);
        var fresh = Path.Combine(_daemon.DataRoot, "content", "resumable", new string('b', 64));
        await File.WriteAllBytesAsync(fresh, new byte[1024]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-25));
        var prune = (await _cli.BerthAsync("image", "prune", "-f")).AssertSuccess().Stdout;
        Assert.Contains("Total reclaimed space: 3.146MB", prune);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    private async Task RestartAsync()
    {
        await _daemon.StopAsync();
        _daemon = await BerthDaemon.StartAsync(_daemonDirs);
        _cli = new RegistryCli(_daemon, _work.Combine("docker-config"));
    }
}
