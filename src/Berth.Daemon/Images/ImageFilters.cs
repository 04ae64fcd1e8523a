using System.Text.RegularExpressions;
using Berth.Daemon.Hosting;
using Berth.Engine.Images;
using Berth.Images.References;

namespace Berth.Daemon.Images;

/// <summary>The filters of GET /images/json and POST /images/prune, with Docker's meanings.</summary>
public static class ImageFilters
{
    public static readonly IReadOnlySet<string> ListKeys = new HashSet<string> { "dangling", "label", "reference", "before", "since", "until" };
    public static readonly IReadOnlySet<string> PruneKeys = new HashSet<string> { "dangling", "label", "until" };

    /// <summary>True when the image passes every filter but <c>reference</c>, which selects names (see <see cref="ShownNames"/>).</summary>
    public static bool Matches(ImageDetails image, Filters filters, DateTimeOffset? before, DateTimeOffset? since)
    {
        if (filters.GetBool("dangling") is { } dangling && dangling != image.IsDangling) return false;
        if (!filters.MatchesLabels(image.Config.Config?.Labels)) return false;
        var created = image.Config.Created ?? image.Record.Created;
        if (before is { } b && created >= b) return false;
        if (since is { } s && created <= s) return false;
        if (filters.Get("until") is [var until, ..] && created >= ParseUntil(until)) return false;
        return true;
    }

    /// <summary>
    /// The names to show for an image: all of them, or with a reference filter only those that match it
    /// (Docker matches the familiar name with and without the tag); null when a filter rules the image out.
    /// </summary>
    public static IReadOnlyList<ImageReference>? ShownNames(ImageDetails image, Filters filters)
    {
        var patterns = filters.Get("reference");
        if (patterns.Count == 0) return image.Names;
        var shown = image.Names.Where(name => patterns.Any(p => Glob(p).IsMatch(name.FamiliarString) || Glob(p).IsMatch(name.FamiliarRepository))).ToList();
        return shown.Count > 0 ? shown : null;
    }

    /// <summary>Docker's <c>until</c>: a Unix timestamp, an RFC 3339 time, or a duration like 24h before now.</summary>
    public static DateTimeOffset ParseUntil(string value)
    {
        if (long.TryParse(value, out var seconds)) return DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var time)) return time;
        var match = Regex.Match(value, @"^(\d+)(s|m|h)$");
        if (match.Success)
        {
            var amount = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(amount), "m" => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) };
            return DateTimeOffset.UtcNow - span;
        }
        throw Oci.BerthException.Invalid($"invalid filter 'until={value}'");
    }

    /// <summary>Go's path.Match as a regex: * and ? never cross a slash; [..] classes pass through.</summary>
    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]").Replace(@"\[", "[").Replace(@"\]", "]") + "$");
}
