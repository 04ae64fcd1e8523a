using System.Text.Json;
using Berth.Oci;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Docker's <c>filters</c> query parameter: JSON <c>{"key":["v1","v2"]}</c>, or the legacy
/// <c>{"key":{"v1":true}}</c> that older clients send.
/// </summary>
public sealed class Filters
{
    private readonly Dictionary<string, List<string>> _values;

    private Filters(Dictionary<string, List<string>> values) => _values = values;

    public static Filters Parse(string? json, IReadOnlySet<string> accepted)
    {
        var values = new Dictionary<string, List<string>>();
        if (string.IsNullOrWhiteSpace(json)) return new Filters(values);
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!accepted.Contains(property.Name)) throw BerthException.Invalid($"invalid filter '{property.Name}'");
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => property.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList(),
                    JsonValueKind.Object => property.Value.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.True).Select(v => v.Name).ToList(),
                    _ => throw BerthException.Invalid($"invalid filter '{property.Name}'"),
                };
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw BerthException.Invalid($"invalid filters: {e.Message}");
        }
        return new Filters(values);
    }

    public IReadOnlyList<string> Get(string key) => _values.GetValueOrDefault(key) ?? [];

    /// <summary>The single boolean a key holds (<c>dangling=true</c>); null when absent.</summary>
    public bool? GetBool(string key)
    {
        var values = Get(key);
        if (values.Count == 0) return null;
        return values[0].ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw BerthException.Invalid($"Invalid filter '{key}={values[0]}'"),
        };
    }

    /// <summary>
    /// Docker's label filters: every <c>label=key</c> or <c>label=key=value</c> must hold, and no
    /// <c>label!=…</c> may.
    /// </summary>
    public bool MatchesLabels(IReadOnlyDictionary<string, string>? labels) =>
        Get("label").All(filter => HasLabel(labels, filter)) && !Get("label!").Any(filter => HasLabel(labels, filter));

    private static bool HasLabel(IReadOnlyDictionary<string, string>? labels, string filter)
    {
        var eq = filter.IndexOf('=');
        if (eq < 0) return labels?.ContainsKey(filter) == true;
        return labels?.TryGetValue(filter[..eq], out var value) == true && value == filter[(eq + 1)..];
    }
}
