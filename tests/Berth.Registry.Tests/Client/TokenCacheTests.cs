using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class TokenCacheTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void ATokenIsKeptPerScope_UntilShortlyBeforeItExpires()
    {
        var clock = new ManualClock();
        var cache = new TokenCache(clock);
        var pull = TokenCache.Key("https://auth/token", "reg", "repository:a:pull", null);
        var push = TokenCache.Key("https://auth/token", "reg", "repository:a:pull,push", null);
        cache.Put(pull, "t1", TimeSpan.FromSeconds(60));
        Assert.Equal("t1", cache.Get(pull));
        Assert.Null(cache.Get(push));
        clock.Now += TimeSpan.FromSeconds(45);
        Assert.Equal("t1", cache.Get(pull));
        clock.Now += TimeSpan.FromSeconds(10);
        Assert.Null(cache.Get(pull));
    }

    [Fact]
    public void TokensOfDifferentUsers_AreApart()
    {
        var cache = new TokenCache(new ManualClock());
        cache.Put(TokenCache.Key("r", "s", "x", "alice"), "a", TimeSpan.FromMinutes(5));
        Assert.Null(cache.Get(TokenCache.Key("r", "s", "x", null)));
        Assert.Null(cache.Get(TokenCache.Key("r", "s", "x", "bob")));
    }
}
