using Berth.Api.Models;
using Berth.Cli.Commands.Container;

namespace Berth.Cli.Tests.Container;

/// <summary>docker stats' CPU % and memory arithmetic (calculateCPUPercentUnix, calculateMemUsageUnixNoCache).</summary>
public class StatsCalculatorTests
{
    private static ContainerStats Stats(long cpu, long preCpu, long system, long preSystem, int online, IReadOnlyList<long>? perCpu = null, MemoryStats? memory = null) => new()
    {
        Read = "", PreRead = "", Name = "/web", Id = "0123456789abcdef0123",
        CpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = cpu, PercpuUsage = perCpu }, SystemCpuUsage = system, OnlineCpus = online },
        PreCpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = preCpu }, SystemCpuUsage = preSystem },
        MemoryStats = memory ?? new MemoryStats(),
        PidsStats = new PidsStats { Current = 3 },
    };

    [Fact]
    public void CpuPercentScalesByOnlineCpus() =>
        Assert.Equal(50.0, StatsCalculator.CpuPercent(Stats(200, 100, 1_000, 200, 4)), 9);

    [Fact]
    public void CpuCountFallsBackToPerCpuList() =>
        Assert.Equal(25.0, StatsCalculator.CpuPercent(Stats(200, 100, 1_000, 200, 0, [1, 2])), 9);

    [Fact]
    public void NoSystemDeltaIsZero() => Assert.Equal(0, StatsCalculator.CpuPercent(Stats(200, 100, 500, 500, 4)));

    [Fact]
    public void CgroupV1SubtractsTotalInactiveFile() =>
        Assert.Equal(700, StatsCalculator.MemoryUsage(new MemoryStats { Usage = 1000, Stats = new() { ["total_inactive_file"] = 300, ["inactive_file"] = 100 } }));

    [Fact]
    public void CgroupV2SubtractsInactiveFile() =>
        Assert.Equal(900, StatsCalculator.MemoryUsage(new MemoryStats { Usage = 1000, Stats = new() { ["inactive_file"] = 100 } }));

    [Fact]
    public void InactiveAboveUsageIsIgnored() =>
        Assert.Equal(1000, StatsCalculator.MemoryUsage(new MemoryStats { Usage = 1000, Stats = new() { ["inactive_file"] = 2000 } }));

    [Fact]
    public void MemoryPercentOfZeroLimitIsZero() => Assert.Equal(0, StatsCalculator.MemoryPercent(0, 100));

    [Fact]
    public void RowAsDockerPrintsIt()
    {
        var memory = new MemoryStats { Usage = 3 * 1024 * 1024, Limit = 1024L * 1024 * 1024, Stats = new() { ["inactive_file"] = 1024 * 1024 } };
        var row = StatsCalculator.Row(Stats(200, 100, 1_000, 200, 4, memory: memory), truncate: true);
        Assert.Equal("0123456789ab", row.GetProperty("ID").GetString());
        Assert.Equal("web", row.GetProperty("Name").GetString());
        Assert.Equal("50.00%", row.GetProperty("CPUPerc").GetString());
        Assert.Equal("2MiB / 1GiB", row.GetProperty("MemUsage").GetString());
        Assert.Equal("0.20%", row.GetProperty("MemPerc").GetString());
        Assert.Equal("0B / 0B", row.GetProperty("NetIO").GetString());
        Assert.Equal("3", row.GetProperty("PIDs").GetString());
    }
}
