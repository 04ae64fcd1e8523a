using System.Net;

namespace Berth.Registry.Tests.Server;

public sealed class BaseEndpointTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();
    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2")]
    public async Task V2_answers_200_with_the_distribution_api_version(string path)
    {
        using var response = await _registry.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", Assert.Single(response.Headers.GetValues("Docker-Distribution-API-Version")));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v2/UPPER/tags/list")]
    [InlineData("/v2/a..b/tags/list")]
    [InlineData("/v2/-lead/manifests/latest")]
    [InlineData("/v2/trail-/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Invalid_repository_names_are_NAME_INVALID(string path)
    {
        using var response = await _registry.Client.GetAsync(path);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task Names_with_several_components_and_separators_are_valid()
    {
        var image = await _registry.PushImageAsync("a/b.c/d__e/f-g--h", "t");
        using var response = await _registry.Client.GetAsync($"/v2/a/b.c/d__e/f-g--h/manifests/{image.Digest}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_name_longer_than_255_characters_is_NAME_INVALID()
    {
        using var response = await _registry.Client.GetAsync($"/v2/{new string('a', 256)}/tags/list");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task A_method_the_route_does_not_have_is_UNSUPPORTED()
    {
        using var response = await _registry.Client.PostAsync("/v2/repo/tags/list", null);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }

    [Fact]
    public async Task Paths_outside_the_api_are_404()
    {
        using var response = await _registry.Client.GetAsync("/v1/_ping");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var token = await _registry.Client.GetAsync("/token");
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
    }

    [Fact]
    public async Task Catalog_lists_repositories_with_pagination()
    {
        foreach (var name in new[] { "zeta", "alpha/one", "beta" }) await _registry.PushBlobAsync(name, [1, 2, 3]);
        using var all = await _registry.Client.GetAsync("/v2/_catalog");
        Assert.Equal("""{"repositories":["alpha/one","beta","zeta"]}""", await all.Content.ReadAsStringAsync());
        using var page = await _registry.Client.GetAsync("/v2/_catalog?n=2");
        Assert.Equal("""{"repositories":["alpha/one","beta"]}""", await page.Content.ReadAsStringAsync());
        Assert.Equal("</v2/_catalog?n=2&last=beta>; rel=\"next\"", Assert.Single(page.Headers.GetValues("Link")));
    }
}
