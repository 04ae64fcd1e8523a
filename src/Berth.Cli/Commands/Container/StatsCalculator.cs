using System.Globalization;
using Berth.Api.Models;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary>The docker CLI's arithmetic for a stats sample, so CPU % and memory match what <c>docker stats</c> shows.</summary>
internal static class StatsCalculator
{
    /// <summary>Berth's stats carry no network or block I/O accounting, so both read as docker shows a container without I/O.</summary>
    private const string NoIo = "0B / 0B";

    public const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "CONTAINER ID", ["Container"] = "CONTAINER", ["Name"] = "NAME", ["CPUPerc"] = "CPU %", ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %", ["NetIO"] = "NET I/O", ["BlockIO"] = "BLOCK I/O", ["PIDs"] = "PIDS",
    };

    /// <summary>calculateCPUPercentUnix: the container's share of the host's CPU time since the previous sample, scaled to the CPU count.</summary>
    public static double CpuPercent(ContainerStats stats)
    {
        var cpuDelta = (double)stats.CpuStats.CpuUsage.TotalUsage - stats.PreCpuStats.CpuUsage.TotalUsage;
        var systemDelta = (double)stats.CpuStats.SystemCpuUsage - stats.PreCpuStats.SystemCpuUsage;
        double onlineCpus = stats.CpuStats.OnlineCpus;
        if (onlineCpus == 0) onlineCpus = stats.CpuStats.CpuUsage.PercpuUsage?.Count ?? 0;
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * onlineCpus * 100.0 : 0;
    }

    /// <summary>calculateMemUsageUnixNoCache: page cache that could be dropped (inactive files) is not counted as used.</summary>
    public static double MemoryUsage(MemoryStats memory)
    {
        var stats = memory.Stats;
        if (stats is not null && stats.TryGetValue("total_inactive_file", out var v1) && v1 < memory.Usage) return memory.Usage - v1;
        var v2 = stats is not null && stats.TryGetValue("inactive_file", out var inactive) ? inactive : 0;
        return v2 < memory.Usage ? memory.Usage - v2 : memory.Usage;
    }

    public static double MemoryPercent(double limit, double used) => limit != 0 ? used / limit * 100.0 : 0;

    /// <summary>One row of docker's stats table, with its field names so --format templates see what docker's do.</summary>
    public static System.Text.Json.JsonElement Row(ContainerStats stats, bool truncate)
    {
        var used = MemoryUsage(stats.MemoryStats);
        double limit = stats.MemoryStats.Limit;
        var name = stats.Name.TrimStart('/');
        var id = truncate && stats.Id.Length > 12 ? stats.Id[..12] : stats.Id;
        return JsonRows.Row(
            ("ID", id), ("Container", id), ("Name", name),
            ("CPUPerc", Percent(CpuPercent(stats))),
            ("MemUsage", $"{HumanUnits.BytesSize(used)} / {HumanUnits.BytesSize(limit)}"),
            ("MemPerc", Percent(MemoryPercent(limit, used))),
            ("NetIO", NoIo), ("BlockIO", NoIo),
            ("PIDs", stats.PidsStats.Current.ToString(CultureInfo.InvariantCulture)));
    }

    private static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";
}
