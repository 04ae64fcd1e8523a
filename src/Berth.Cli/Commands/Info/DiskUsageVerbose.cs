using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Api.Models;
using Berth.Cli.Commands.Container;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Info;

/// <summary><c>system df -v</c>: docker's four sections, one table each, sizes to three significant digits as docker prints them.</summary>
internal static class DiskUsageVerbose
{
    public static string Render(DiskUsage usage, DateTimeOffset now)
    {
        var text = new StringBuilder();
        if (usage.Images is { } images)
        {
            text.Append("Images space usage:\n\n");
            text.Append(Table("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS", images.SelectMany(i => ImageLines(i, now))));
            text.Append('\n');
        }
        if (usage.Containers is { } containers)
        {
            text.Append("Containers space usage:\n\n");
            var rows = ContainerRows.Rows(containers.Select(c => c with { SizeRootFs = null }), trunc: true, now);
            text.Append(OutputFormat.Render("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
                "", ContainerRows.Headers, rows));
            text.Append('\n');
        }
        if (usage.Volumes is { } volumes)
        {
            text.Append("Local Volumes space usage:\n\n");
            text.Append(Table("VOLUME NAME\tLINKS\tSIZE", volumes.Select(v =>
                $"{v.Name}\t{v.UsageData.RefCount.ToString(CultureInfo.InvariantCulture)}\t{HumanUnits.HumanSizeWithPrecision(v.UsageData.Size, 3)}")));
            text.Append('\n');
        }
        if (usage.BuildCache is { } cache)
        {
            text.Append("Build cache usage: ").Append(HumanUnits.HumanSize(cache.Where(r => !r.Shared).Sum(r => r.Size))).Append("\n\n");
            text.Append(Table("CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED", cache.Select(r => CacheLine(r, now))));
        }
        return text.ToString();
    }

    private static IEnumerable<string> ImageLines(ImageSummary image, DateTimeOffset now)
    {
        var tail = string.Join('\t',
            Image.ImageId.Display(image.Id, false),
            HumanUnits.Since(DateTimeOffset.FromUnixTimeSeconds(image.Created), now),
            HumanUnits.HumanSizeWithPrecision(image.Size, 3),
            HumanUnits.HumanSizeWithPrecision(image.SharedSize, 3),
            HumanUnits.HumanSize(image.Size - image.SharedSize),
            image.Containers.ToString(CultureInfo.InvariantCulture));
        if (image.RepoTags.Count == 0) return [$"<none>\t<none>\t{tail}"];
        return image.RepoTags.Select(tag =>
        {
            var colon = tag.LastIndexOf(':');
            return colon > tag.LastIndexOf('/') ? $"{tag[..colon]}\t{tag[(colon + 1)..]}\t{tail}" : $"{tag}\t<none>\t{tail}";
        });
    }

    private static string CacheLine(BuildCacheRecord record, DateTimeOffset now)
    {
        var id = record.ID.Length > 12 ? record.ID[..12] : record.ID;
        return string.Join('\t', id, record.Type, HumanUnits.HumanSizeWithPrecision(record.Size, 3),
            Since(record.CreatedAt, now), Since(record.LastUsedAt, now), record.UsageCount.ToString(CultureInfo.InvariantCulture),
            record.Shared ? "true" : "false");
    }

    private static string Since(string? time, DateTimeOffset now) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? HumanUnits.Since(at, now) : "";

    private static string Table(string header, IEnumerable<string> lines)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (var line in lines) text.Append(line).Append('\n');
        return TabWriter.Format(text.ToString());
    }
}
