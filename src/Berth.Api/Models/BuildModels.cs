namespace Berth.Api.Models;

/// <summary>What <c>POST /build/prune</c> answers: the cache records forgotten and the bytes given back.</summary>
public sealed record BuildPruneReport
{
    public List<string> CachesDeleted { get; init; } = [];
    public long SpaceReclaimed { get; init; }
}
