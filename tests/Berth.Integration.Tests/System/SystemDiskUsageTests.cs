using System.Globalization;
using Berth.Integration.Tests.Build;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.SystemCommands;

/// <summary>
/// <c>system df</c> against a real berthd (the docker CLI's table and berth's, byte for byte) and <c>system prune
/// -a --volumes -f</c> returning everything df called reclaimable, on disk as well as in the numbers.
/// </summary>
public sealed class SystemDiskUsageTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string Rows = "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}";
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Df_CountsEverything_AndPruneReclaimsItAll_OnDiskToo()
    {
        // An exited container that wrote 50 kB to its own layer and 100 kB to an anonymous volume, plus some log.
        var written = await _host.RunAsync("-v", "/data", ContainerHost.Image, "sh", "-c",
            "head -c 100000 /dev/zero > /data/f; head -c 50000 /dev/zero > /big; echo logged");
        Assert.Equal(0, written.ExitCode);
        using var context = new BuildContext().Dockerfile("FROM busybox\nRUN head -c 20000 /dev/zero > /built\n");
        (await _host.Daemon.BerthAsync("build", "-t", "built:1", context.Path)).AssertSuccess();

        var before = await RowsAsync();
        Assert.StartsWith("Images|2|1|", before["Images"]);
        Assert.StartsWith("Containers|1|0|", before["Containers"]);
        Assert.Equal("Local Volumes|1|1|100kB|0B (0%)", before["Local Volumes"]);
        // The RUN step's layer, and the build context berth keeps for the next build of that directory.
        Assert.StartsWith("Build Cache|2|0|", before["Build Cache"]);
        Assert.True(Bytes(before["Containers"]) >= 50_000, before["Containers"]);
        Assert.True(Bytes(before["Build Cache"]) >= 20_000, before["Build Cache"]);

        var docker = (await _host.DockerAsync("system", "df")).AssertSuccess();
        var berth = (await _host.Daemon.BerthAsync("system", "df")).AssertSuccess();
        Assert.Equal(docker.Stdout, berth.Stdout);
        var diskBefore = await DiskUseAsync();

        var prune = (await _host.Daemon.BerthAsync("system", "prune", "-a", "--volumes", "-f")).AssertSuccess();

        Assert.Contains("Deleted Containers:\n" + written.Id + "\n\n", prune.Stdout);
        Assert.Contains("Deleted Volumes:\n", prune.Stdout);
        Assert.Contains("Deleted Images:\nuntagged: built:1\n", prune.Stdout);
        Assert.Contains("Deleted build cache objects:\n", prune.Stdout);
        Assert.Matches(@"Total reclaimed space: [0-9.]+[kM]B\n$", prune.Stdout);
        var after = await RowsAsync();
        Assert.Equal("Images|0|0|0B|0B", after["Images"]);
        Assert.Equal("Containers|0|0|0B|0B", after["Containers"]);
        Assert.Equal("Local Volumes|0|0|0B|0B", after["Local Volumes"]);
        Assert.Equal("Build Cache|0|0|0B|0B", after["Build Cache"]);
        // The space must really come back, not just vanish from the report: at least the image, layer and volume bytes.
        var diskAfter = await DiskUseAsync();
        Assert.True(diskBefore - diskAfter >= 2_000_000 + 150_000, $"before {diskBefore}, after {diskAfter}");
    }

    private async Task<Dictionary<string, string>> RowsAsync()
    {
        var output = (await _host.Daemon.BerthAsync("system", "df", "--format", Rows)).AssertSuccess().Stdout;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split('|')[0]);
    }

    /// <summary>The SIZE column in bytes ("61.49kB" → 61490).</summary>
    private static double Bytes(string row)
    {
        var size = row.Split('|')[3];
        var unit = size.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(size[..^unit.Length], CultureInfo.InvariantCulture);
        return number * unit switch { "B" => 1, "kB" => 1e3, "MB" => 1e6, "GB" => 1e9, _ => throw new FormatException(size) };
    }

    /// <summary>Bytes under the content store, snapshots and volumes (one file system each: mounts are not followed).</summary>
    private async Task<long> DiskUseAsync()
    {
        var dirs = new[] { "content", "snapshots", "volumes" }.Select(d => Path.Join(_host.Daemon.DataRoot, d)).Where(Directory.Exists);
        var du = (await ProcessRunner.RunAsync("du", ["-sbx", .. dirs])).AssertSuccess();
        return du.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(l => long.Parse(l.Split('\t')[0], CultureInfo.InvariantCulture));
    }
}
