using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary>
/// Resolves what a user typed to a container, in Docker's order: a full ID, then a name (with or without
/// the leading slash), then a unique ID prefix. A name wins over a prefix, so a container named
/// <c>abc</c> is found by <c>abc</c> even when some ID starts with those letters.
/// </summary>
public sealed class ContainerLookup(ContainerStore store)
{
    /// <exception cref="BerthException">
    /// InvalidArgument for an empty input or a prefix shared by several containers; NotFound otherwise.
    /// </exception>
    public ContainerRecord Resolve(string idOrName)
    {
        if (string.IsNullOrEmpty(idOrName)) throw BerthException.Invalid("No container name or ID supplied");

        if (ContainerIds.IsFullId(idOrName) && store.Get(idOrName) is { } byId) return byId;
        if (store.FindByName(ContainerNames.Normalize(idOrName)) is { } byName) return byName;

        var matches = store.FindByIdPrefix(idOrName);
        return matches.Count switch
        {
            1 => store.Get(matches[0]) ?? throw NotFound(idOrName),
            0 => throw NotFound(idOrName),
            _ => throw BerthException.Invalid($"multiple IDs found with provided prefix: {idOrName}"),
        };
    }

    private static BerthException NotFound(string idOrName) => BerthException.NotFound($"No such container: {idOrName}");
}
