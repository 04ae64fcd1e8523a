using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Daemon;

/// <summary>kill -9 of berthd in the middle of a large load: the restarted daemon serves a clean store without the partial image.</summary>
public sealed class CrashDuringLoadTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>
{
    [Fact]
    public async Task KillDuringLargeLoad_LeavesAStoreWithoutThePartialImage()
    {
        using var dirs = new TempDirectory();
        await using var daemon = await BerthDaemon.StartAsync(dirs);
        (await daemon.BerthAsync("import", busybox.TarPath, "busybox")).AssertSuccess();

        // A 256 MiB incompressible layer makes the load last long enough to be interrupted.
        var bigRootfs = dirs.Combine("big.tar");
        TarFiles.WriteRandom(bigRootfs, "data/blob.bin", 256L << 20);
        (await daemon.BerthAsync("import", bigRootfs, "big")).AssertSuccess();
        var archive = dirs.Combine("big-image.tar");
        (await daemon.BerthAsync("save", "-o", archive, "big")).AssertSuccess();
        (await daemon.BerthAsync("rmi", "big")).AssertSuccess();
        var before = await StoreSnapshot.TakeAsync(daemon);

        var load = ProcessRunner.RunAsync(RepoPaths.Berth, ["-H", daemon.Host, "load", "-i", archive]);
        var ingest = Path.Combine(daemon.DataRoot, "content", "ingest");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (StoreSnapshot.IngestFileCount(daemon) == 0 || Directory.GetFiles(ingest).Sum(f => new FileInfo(f).Length) < (16L << 20))
        {
            Assert.True(DateTime.UtcNow < deadline, "the load never started writing");
            Assert.False(load.IsCompleted, "the load finished before it could be interrupted");
            await Task.Delay(10);
        }
        await daemon.KillAsync();
        Assert.NotEqual(0, (await load).ExitCode);

        await daemon.StartAsync();
        Assert.Equal(before, await StoreSnapshot.TakeAsync(daemon));
        Assert.Equal(0, StoreSnapshot.IngestFileCount(daemon));
        (await daemon.BerthAsync("image", "inspect", "busybox")).AssertSuccess();
        Assert.Equal(1, (await daemon.BerthAsync("image", "inspect", "big")).ExitCode);
    }
}
