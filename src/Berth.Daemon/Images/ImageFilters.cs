using System.Text.RegularExpressions;
using Berth.Daemon.Hosting;
using Berth.Engine.Images;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Images;

/// <summary>The filters of GET /images/json and POST /images/prune, with Docker's meanings.</summary>
public static partial class ImageFilters
{
    public static readonly IReadOnlySet<string> ListKeys = new HashSet<string> { "dangling", "label", "label!", "reference", "before", "since", "until" };
    public static readonly IReadOnlySet<string> PruneKeys = new HashSet<string> { "dangling", "label", "label!", "until" };

    /// <summary>True when the image passes every filter but <c>reference</c>, which selects names (see <see cref="ShownNames"/>).</summary>
    public static bool Matches(ImageDetails image, Filters filters, DateTimeOffset? before, DateTimeOffset? since, DateTimeOffset? until)
    {
        if (filters.GetBool("dangling") is { } dangling && dangling != image.IsDangling) return false;
        if (!filters.MatchesLabels(image.Config.Config?.Labels)) return false;
        var created = image.Config.Created ?? image.Record.Created;
        if (before is { } b && created >= b) return false;
        if (since is { } s && created <= s) return false;
        if (until is { } u && created >= u) return false;
        return true;
    }

    /// <summary>
    /// The names to show for an image: all of them, or with a reference filter only those that match it
    /// (Docker matches the familiar name with and without the tag); null when a filter rules the image out.
    /// </summary>
    public static IReadOnlyList<ImageReference>? ShownNames(ImageDetails image, IReadOnlyList<Regex> references)
    {
        if (references.Count == 0) return image.Names;
        var shown = image.Names.Where(name => references.Any(r => r.IsMatch(name.FamiliarString) || r.IsMatch(name.FamiliarRepository))).ToList();
        return shown.Count > 0 ? shown : null;
    }

    /// <summary>Docker's <c>until</c>: a Unix timestamp, an RFC 3339 time, or a Go duration (<c>24h</c>, <c>1h30m</c>) before now.</summary>
    public static DateTimeOffset ParseUntil(string value)
    {
        if (long.TryParse(value, out var seconds)) return DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var time)) return time;
        var parts = GoDurationPart().Matches(value);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != value.Length) throw BerthException.Invalid($"invalid filter 'until={value}'");
        var span = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            span += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                "us" or "µs" => TimeSpan.FromMicroseconds(amount),
                _ => TimeSpan.FromTicks((long)(amount / 100)),
            };
        }
        return DateTimeOffset.UtcNow - span;
    }

    /// <summary>The <c>reference</c> patterns as regexes, compiled once per request; a malformed pattern is a 400.</summary>
    public static IReadOnlyList<Regex> ReferencePatterns(Filters filters) => filters.Get("reference").Select(Glob).ToList();

    /// <summary>Go's path.Match as a regex: * and ? never cross a slash; [..] classes pass through.</summary>
    private static Regex Glob(string pattern)
    {
        try
        {
            return new Regex("^" + Regex.Escape(pattern).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]").Replace(@"\[", "[").Replace(@"\]", "]") + "$");
        }
        catch (ArgumentException)
        {
            throw BerthException.Invalid($"invalid filter 'reference={pattern}': syntax error in pattern");
        }
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex GoDurationPart();
}
