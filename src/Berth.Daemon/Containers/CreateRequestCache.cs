using System.Collections.Concurrent;
using Berth.Api.Models;
using Berth.Engine.Containers;

namespace Berth.Daemon.Containers;

/// <summary>
/// Parsed create requests by container, so that <c>ps</c> over a thousand containers does not parse a thousand
/// JSON documents each time. A container's request never changes once created; an entry is used only while
/// the stored text is the one it was parsed from, and entries of removed containers are dropped by
/// <see cref="Retain"/>.
/// </summary>
public sealed class CreateRequestCache
{
    private readonly ConcurrentDictionary<string, (string Json, ContainerCreateRequest Request)> _parsed = new(StringComparer.Ordinal);

    public ContainerCreateRequest Get(ContainerRecord container)
    {
        // String equality looks at the reference first, and the store hands out the same text only when reading it anew.
        if (_parsed.TryGetValue(container.Id, out var entry) && entry.Json == container.CreateRequestJson) return entry.Request;
        var request = ContainerSettingsReader.Parse(container.CreateRequestJson);
        _parsed[container.Id] = (container.CreateRequestJson, request);
        return request;
    }

    /// <summary>Forgets every container not in <paramref name="existing"/>.</summary>
    public void Retain(IReadOnlyCollection<ContainerRecord> existing)
    {
        if (_parsed.Count <= existing.Count) return;
        var ids = existing.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _parsed.Keys)
        {
            if (!ids.Contains(id)) _parsed.TryRemove(id, out _);
        }
    }
}
