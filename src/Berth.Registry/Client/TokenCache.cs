using System.Collections.Concurrent;

namespace Berth.Registry.Client;

/// <summary>
/// Bearer tokens by (realm, service, scope, user), kept until shortly before they expire, so the pulls and
/// pushes of one repository ask the token service once rather than once per blob.
/// </summary>
public sealed class TokenCache(TimeProvider clock)
{
    // Registries' clocks and ours differ, and a token must not expire in flight: drop it this much early.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new();

    public string? Get(string key) =>
        _tokens.TryGetValue(key, out var entry) && entry.Expires - Margin > clock.GetUtcNow() ? entry.Token : null;

    public void Put(string key, string token, TimeSpan lifetime) => _tokens[key] = (token, clock.GetUtcNow() + lifetime);

    public static string Key(string realm, string? service, string scope, string? user) => $"{realm}\n{service}\n{scope}\n{user}";
}
