namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// --cap-add / --cap-drop as the docker client sends them (EffectiveCapAddCapDrop): upper-cased with the
/// <c>CAP_</c> prefix, ALL standing alone, a capability both added and dropped only added, both lists sorted.
/// </summary>
internal static class Capabilities
{
    private const string All = "ALL";
    private const string Reset = "RESET";

    public static string Normalize(string capability)
    {
        capability = capability.Trim().ToUpperInvariant();
        if (capability is All or Reset) return capability;
        return capability.StartsWith("CAP_", StringComparison.Ordinal) ? capability : "CAP_" + capability;
    }

    /// <returns>null for an empty list, as docker sends it.</returns>
    public static (List<string>? Add, List<string>? Drop) Effective(IEnumerable<string> add, IEnumerable<string> drop)
    {
        var addSet = add.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var dropSet = drop.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        if (addSet.Contains(All)) addSet = [All];
        if (dropSet.Contains(All)) dropSet = [All];
        var effectiveDrop = dropSet.Where(c => !addSet.Contains(c) && c != Reset).Order(StringComparer.Ordinal).ToList();
        var effectiveAdd = addSet.Where(c => c != Reset).Order(StringComparer.Ordinal).ToList();
        return (effectiveAdd.Count == 0 ? null : effectiveAdd, effectiveDrop.Count == 0 ? null : effectiveDrop);
    }
}
