namespace Berth.Registry.Server.Auth;

/// <summary>Token scopes as docker's token auth spells them: <c>repository:NAME:pull,push</c>, space-separated.</summary>
internal static class Scope
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";

    public static ResourceAccess Repository(string name, params string[] actions) => new("repository", name, actions);

    public static ResourceAccess Catalog { get; } = new("registry", "catalog", ["*"]);

    /// <summary>Parses each scope parameter (one may hold several, space-separated); malformed ones are skipped.</summary>
    public static IReadOnlyList<ResourceAccess> Parse(IEnumerable<string?> values)
    {
        var scopes = new List<ResourceAccess>();
        foreach (var value in values)
        {
            if (value is null) continue;
            foreach (var item in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var first = item.IndexOf(':');
                var last = item.LastIndexOf(':');
                if (first <= 0 || last == first) continue;
                scopes.Add(new ResourceAccess(item[..first], item[(first + 1)..last], item[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)));
            }
        }
        return scopes;
    }

    /// <summary>Whether <paramref name="granted"/> covers every action of <paramref name="required"/>.</summary>
    public static bool Covers(IEnumerable<ResourceAccess> granted, ResourceAccess required) =>
        required.Actions.All(action => granted.Any(g =>
            g.Type == required.Type && g.Name == required.Name && (g.Actions.Contains(action) || g.Actions.Contains("*"))));
}
