using System.Globalization;
using System.Text.Json;
using Berth.Api.Models;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// docker's ContainerContext: the fields <c>ps</c> prints and <c>--format</c> sees, computed from a list row
/// (ID and COMMAND truncated unless --no-trunc, names without the leading slash, CREATED as "N minutes ago").
/// </summary>
internal static class ContainerRows
{
    public const string DefaultTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    public static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "CONTAINER ID", ["Names"] = "NAMES", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED", ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE",
        ["Labels"] = "LABELS", ["Mounts"] = "MOUNTS", ["LocalVolumes"] = "LOCAL VOLUMES", ["Networks"] = "NETWORKS",
    };

    /// <summary>One row per container, as <c>--format</c> sees them.</summary>
    public static IReadOnlyList<JsonElement> Rows(IEnumerable<ContainerSummary> containers, bool trunc, DateTimeOffset now) =>
        Commands.JsonRows.Many(containers.Select(c => Fields(c, trunc, now)));

    private static (string Key, string Value)[] Fields(ContainerSummary c, bool trunc, DateTimeOffset now)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(c.Created);
        return
        [
            ("Command", Command(c.Command, trunc)),
            ("CreatedAt", GoFormat.Time(created)),
            ("ID", trunc && c.Id.Length > 12 ? c.Id[..12] : c.Id),
            ("Image", Image(c, trunc)),
            ("Labels", string.Join(',', c.Labels.Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal))),
            ("LocalVolumes", c.Mounts.Count(m => m.Driver == "local").ToString(CultureInfo.InvariantCulture)),
            ("Mounts", string.Join(',', c.Mounts.Select(m => trunc ? Ellipsis(m.Name ?? m.Source, 15) : m.Name ?? m.Source))),
            ("Names", Names(c.Names, trunc)),
            ("Networks", string.Join(',', c.NetworkSettings.Networks.Keys)),
            ("Ports", PortsDisplay.Format(c.Ports)),
            ("RunningFor", HumanUnits.Since(created, now)),
            ("Size", Size(c)),
            ("State", c.State),
            ("Status", c.Status),
        ];
    }

    /// <summary>strconv.Quote of the command, cut to 20 columns with "…" unless --no-trunc.</summary>
    public static string Command(string command, bool trunc) => GoQuote.String(trunc ? Ellipsis(command, 20) : command);

    /// <summary>formatter.Ellipsis: at most <paramref name="width"/> columns, the last one "…" when cut.</summary>
    public static string Ellipsis(string text, int width)
    {
        if (TextWidth.Of(text) <= width) return text;
        var result = new System.Text.StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = TextWidth.Of(rune.ToString());
            if (used + w > width - 1) break;
            result.Append(rune.ToString());
            used += w;
        }
        return result.Append('…').ToString();
    }

    /// <summary>Names without docker's leading slash; truncated output keeps only the first name that is not a link (a/b).</summary>
    public static string Names(IReadOnlyList<string> names, bool trunc)
    {
        var stripped = names.Select(n => n.StartsWith('/') ? n[1..] : n).ToList();
        if (trunc && stripped.FirstOrDefault(n => !n.Contains('/')) is { } primary) return primary;
        return string.Join(',', stripped);
    }

    private static string Image(ContainerSummary c, bool trunc)
    {
        if (c.Image.Length == 0) return "<no image>";
        if (!trunc) return c.Image;
        var shortId = Commands.Image.ImageId.Display(c.ImageID, false);
        if (shortId == Commands.Image.ImageId.Display(c.Image, false)) return shortId;
        var familiar = c.Image.StartsWith("docker.io/library/", StringComparison.Ordinal) ? c.Image["docker.io/library/".Length..]
            : c.Image.StartsWith("docker.io/", StringComparison.Ordinal) ? c.Image["docker.io/".Length..] : c.Image;
        var at = familiar.IndexOf('@');
        return at > 0 && familiar[..at].Contains(':') ? familiar[..at] : familiar;
    }

    private static string Size(ContainerSummary c)
    {
        var rw = HumanUnits.HumanSizeWithPrecision(c.SizeRw ?? 0, 3);
        return c.SizeRootFs is > 0 ? $"{rw} (virtual {HumanUnits.HumanSizeWithPrecision(c.SizeRootFs.Value, 3)})" : rw;
    }
}
