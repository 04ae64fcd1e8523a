using System.Globalization;
using System.Text.Json;
using Berth.Api.Models;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Info;

/// <summary>The four rows of <c>system df</c>, counted and summed exactly as the docker CLI's disk usage formatter does.</summary>
internal static class DiskUsageRows
{
    public const string DefaultTable = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

    public static readonly Dictionary<string, string> Headers = new()
    {
        ["Type"] = "TYPE", ["TotalCount"] = "TOTAL", ["Active"] = "ACTIVE", ["Size"] = "SIZE", ["Reclaimable"] = "RECLAIMABLE",
    };

    public static IReadOnlyList<JsonElement> Rows(DiskUsage usage)
    {
        var rows = new List<JsonElement>();
        if (usage.Images is { } images) rows.Add(Images(images, usage.LayersSize));
        if (usage.Containers is { } containers) rows.Add(Containers(containers));
        if (usage.Volumes is { } volumes) rows.Add(Volumes(volumes));
        if (usage.BuildCache is { } cache) rows.Add(BuildCache(cache));
        return rows;
    }

    private static JsonElement Images(List<ImageSummary> images, long totalSize)
    {
        // What running or stopped containers still need: an image's unique bytes, once it has a container.
        var used = images.Where(i => i.Containers != 0 && i.Size != -1 && i.SharedSize != -1).Sum(i => i.Size - i.SharedSize);
        return Row("Images", images.Count, images.Count(i => i.Containers > 0), totalSize, WithPercent(totalSize - used, totalSize));
    }

    private static JsonElement Containers(List<ContainerSummary> containers)
    {
        var size = containers.Sum(c => c.SizeRw ?? 0);
        var reclaimable = containers.Where(c => !IsActive(c)).Sum(c => c.SizeRw ?? 0);
        return Row("Containers", containers.Count, containers.Count(IsActive), size, WithPercent(reclaimable, size));
    }

    private static JsonElement Volumes(List<DiskUsageVolume> volumes)
    {
        var size = volumes.Where(v => v.UsageData.Size != -1).Sum(v => v.UsageData.Size);
        var reclaimable = volumes.Where(v => v.UsageData.RefCount == 0 && v.UsageData.Size != -1).Sum(v => v.UsageData.Size);
        return Row("Local Volumes", volumes.Count, volumes.Count(v => v.UsageData.RefCount > 0), size, WithPercent(reclaimable, size));
    }

    private static JsonElement BuildCache(List<BuildCacheRecord> cache)
    {
        // Shared records are counted with the images that share them, and docker prints no percentage here.
        var size = cache.Where(r => !r.Shared).Sum(r => r.Size);
        var inUse = cache.Where(r => r.InUse && !r.Shared).Sum(r => r.Size);
        return Row("Build Cache", cache.Count, cache.Count(r => r.InUse), size, HumanUnits.HumanSize(size - inUse));
    }

    private static bool IsActive(ContainerSummary c) =>
        c.State.Contains("running", StringComparison.Ordinal) || c.State.Contains("paused", StringComparison.Ordinal) || c.State.Contains("restarting", StringComparison.Ordinal);

    private static string WithPercent(long reclaimable, long total) =>
        total > 0 ? $"{HumanUnits.HumanSize(reclaimable)} ({(reclaimable * 100 / total).ToString(CultureInfo.InvariantCulture)}%)" : HumanUnits.HumanSize(reclaimable);

    private static JsonElement Row(string type, int total, int active, long size, string reclaimable) => JsonRows.Row(
        ("Type", type), ("TotalCount", total.ToString(CultureInfo.InvariantCulture)), ("Active", active.ToString(CultureInfo.InvariantCulture)),
        ("Size", HumanUnits.HumanSize(size)), ("Reclaimable", reclaimable));
}
