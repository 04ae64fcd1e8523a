using System.Net;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

public sealed class TagListTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _registry = await TestRegistry.StartAsync();
        var image = await _registry.PushImageAsync("repo", "b");
        foreach (var tag in new[] { "a", "c", "B", "d" })
        {
            using var response = await _registry.PutManifestAsync("repo", tag, image.Manifest, MediaTypes.OciManifest);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task All_tags_in_lexical_order()
    {
        using var response = await _registry.Client.GetAsync("/v2/repo/tags/list");
        Assert.Equal("""{"name":"repo","tags":["B","a","b","c","d"]}""", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Pages_follow_the_link_header()
    {
        var pages = new List<string>();
        var next = "/v2/repo/tags/list?n=2";
        while (next is not null)
        {
            using var response = await _registry.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split(';')[0].Trim('<', '>') : null;
        }
        Assert.Equal([
            """{"name":"repo","tags":["B","a"]}""",
            """{"name":"repo","tags":["b","c"]}""",
            """{"name":"repo","tags":["d"]}""",
        ], pages);
    }

    [Theory]
    [InlineData("?last=b", """["c","d"]""")]
    [InlineData("?n=1&last=a", """["b"]""")]
    [InlineData("?n=10", """["B","a","b","c","d"]""")]
    [InlineData("?n=0", "[]")]
    [InlineData("?last=z", "[]")]
    public async Task N_and_last_select_a_page(string query, string tags)
    {
        using var response = await _registry.Client.GetAsync($"/v2/repo/tags/list{query}");
        Assert.Equal($$"""{"name":"repo","tags":{{tags}}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_n_is_PAGINATION_NUMBER_INVALID()
    {
        using var response = await _registry.Client.GetAsync("/v2/repo/tags/list?n=-1");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task An_unknown_repository_is_NAME_UNKNOWN()
    {
        using var response = await _registry.Client.GetAsync("/v2/nothing/here/tags/list");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }
}
