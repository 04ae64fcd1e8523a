using System.Diagnostics;
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
        var ingest = Path.Combine(daemon.DataRoot, "content", "ingest");

        // The archive goes in through stdin at a bounded pace, so the kill lands mid-load whatever the machine's speed.
        var load = Process.Start(new ProcessStartInfo(RepoPaths.Berth, ["-H", daemon.Host, "load"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var stdout = load.StandardOutput.ReadToEndAsync();
        var stderr = load.StandardError.ReadToEndAsync();
        await using (var source = File.OpenRead(archive))
        {
            var chunk = new byte[1 << 20];
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Directory.GetFiles(ingest).Sum(f => new FileInfo(f).Length) < (16L << 20))
            {
                Assert.True(DateTime.UtcNow < deadline, "the load never started writing");
                var read = await source.ReadAsync(chunk);
                Assert.True(read > 0, "the whole archive was sent before the daemon wrote 16 MiB");
                await load.StandardInput.BaseStream.WriteAsync(chunk.AsMemory(0, read));
                await load.StandardInput.BaseStream.FlushAsync();
                await Task.Delay(5);
            }
        }
        await daemon.KillAsync();
        try { load.StandardInput.Close(); } catch (IOException) { /* the CLI may already have failed on the dead socket */ }
        await load.WaitForExitAsync();
        Assert.NotEqual(0, load.ExitCode);
        Assert.Contains("Error", await stderr + await stdout);

        await daemon.StartAsync();
        Assert.Equal(before, await StoreSnapshot.TakeAsync(daemon));
        Assert.Equal(0, StoreSnapshot.IngestFileCount(daemon));
        (await daemon.BerthAsync("image", "inspect", "busybox")).AssertSuccess();
        Assert.Equal(1, (await daemon.BerthAsync("image", "inspect", "big")).ExitCode);
    }
}
