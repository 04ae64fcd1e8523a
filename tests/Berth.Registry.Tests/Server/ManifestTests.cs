using System.Net;
using System.Text;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

public sealed class ManifestTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();
    public async Task DisposeAsync() => await _registry.DisposeAsync();

    private HttpClient Client => _registry.Client;

    [Theory]
    [InlineData(MediaTypes.OciManifest)]
    [InlineData(MediaTypes.DockerManifest)]
    public async Task Put_then_get_by_tag_and_by_digest(string mediaType)
    {
        var image = await _registry.PushImageAsync("repo", "v1", mediaType: mediaType);
        foreach (var reference in new[] { "v1", image.Digest.ToString() })
        {
            using var response = await Client.GetAsync($"/v2/repo/manifests/{reference}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(image.Manifest, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(image.Digest.ToString(), Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
        }
    }

    [Fact]
    public async Task Put_answers_201_with_location_and_digest()
    {
        var config = await _registry.PushBlobAsync("repo", Encoding.ASCII.GetBytes("{}"));
        var manifest = Manifests.Image(MediaTypes.OciManifest, (MediaTypes.OciConfig, config, 2), []);
        using var response = await _registry.PutManifestAsync("repo", "latest", manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var digest = Digest.Compute(manifest);
        Assert.Equal($"/v2/repo/manifests/{digest}", response.Headers.Location!.ToString());
        Assert.Equal(digest.ToString(), Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
        Assert.False(response.Headers.Contains("OCI-Subject"));
    }

    [Fact]
    public async Task Head_gives_digest_type_and_length_without_a_body()
    {
        var image = await _registry.PushImageAsync("repo", "v1");
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/repo/manifests/v1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(image.Manifest.Length, response.Content.Headers.ContentLength);
        Assert.Equal(image.Digest.ToString(), Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Unknown_tags_and_digests_are_MANIFEST_UNKNOWN()
    {
        await _registry.PushImageAsync("repo", "v1");
        using var tag = await Client.GetAsync("/v2/repo/manifests/nope");
        await TestRegistry.AssertErrorAsync(tag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var digest = await Client.GetAsync($"/v2/repo/manifests/{Digest.Compute([1])}");
        await TestRegistry.AssertErrorAsync(digest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var otherRepo = await Client.GetAsync("/v2/elsewhere/manifests/v1");
        await TestRegistry.AssertErrorAsync(otherRepo, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task A_manifest_naming_a_missing_layer_is_MANIFEST_BLOB_UNKNOWN()
    {
        var config = await _registry.PushBlobAsync("repo", Encoding.ASCII.GetBytes("{}"));
        var missing = Digest.Compute(Encoding.ASCII.GetBytes("never pushed"));
        var manifest = Manifests.Image(MediaTypes.OciManifest, (MediaTypes.OciConfig, config, 2), [(MediaTypes.OciLayerGzip, missing, 12)]);
        using var response = await _registry.PutManifestAsync("repo", "v1", manifest, MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        Assert.Contains(missing.ToString(), await response.Content.ReadAsStringAsync());
        using var get = await Client.GetAsync("/v2/repo/manifests/v1");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task A_blob_pushed_to_another_repository_does_not_satisfy_a_manifest()
    {
        var config = await _registry.PushBlobAsync("other", Encoding.ASCII.GetBytes("{}"));
        var manifest = Manifests.Image(MediaTypes.OciManifest, (MediaTypes.OciConfig, config, 2), []);
        using var response = await _registry.PutManifestAsync("repo", "v1", manifest, MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData(MediaTypes.OciIndex, MediaTypes.OciManifest)]
    [InlineData(MediaTypes.DockerManifestList, MediaTypes.DockerManifest)]
    public async Task An_index_needs_its_manifests_in_the_repository(string indexType, string manifestType)
    {
        var image = await _registry.PushImageAsync("repo", "image", mediaType: manifestType);
        var missing = Digest.Compute([42]);
        var bad = Manifests.Index(indexType, [(manifestType, image.Digest, image.Manifest.Length), (manifestType, missing, 1)]);
        using (var rejected = await _registry.PutManifestAsync("repo", "multi", bad, indexType))
            await TestRegistry.AssertErrorAsync(rejected, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        var index = Manifests.Index(indexType, [(manifestType, image.Digest, image.Manifest.Length)]);
        using (var accepted = await _registry.PutManifestAsync("repo", "multi", index, indexType))
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using var get = await Client.GetAsync("/v2/repo/manifests/multi");
        Assert.Equal(indexType, get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(index, await get.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schemaVersion":1,"name":"repo","tag":"v1","fsLayers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"x","digest":"sha256:bad","size":1},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""")]
    public async Task Malformed_manifests_are_MANIFEST_INVALID(string body)
    {
        using var response = await _registry.PutManifestAsync("repo", "v1", Encoding.UTF8.GetBytes(body), MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task Put_by_digest_must_match_the_content()
    {
        var image = await _registry.PushImageAsync("repo", "v1");
        using var wrong = await _registry.PutManifestAsync("repo", Digest.Compute([1]).ToString(), image.Manifest, MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(wrong, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var right = await _registry.PutManifestAsync("repo", image.Digest.ToString(), image.Manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
    }

    [Fact]
    public async Task An_invalid_tag_is_TAG_INVALID()
    {
        var image = await _registry.PushImageAsync("repo", "v1");
        using var response = await _registry.PutManifestAsync("repo", ".hidden", image.Manifest, MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "TAG_INVALID");
    }

    [Fact]
    public async Task Accept_negotiation_refuses_a_type_the_client_does_not_take()
    {
        await _registry.PushImageAsync("repo", "v1");
        using var refused = new HttpRequestMessage(HttpMethod.Get, "/v2/repo/manifests/v1");
        refused.Headers.TryAddWithoutValidation("Accept", MediaTypes.DockerManifest);
        using (var response = await Client.SendAsync(refused))
            await TestRegistry.AssertErrorAsync(response, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var accepted = new HttpRequestMessage(HttpMethod.Get, "/v2/repo/manifests/v1");
        accepted.Headers.TryAddWithoutValidation("Accept", $"{MediaTypes.DockerManifest}, {MediaTypes.OciManifest};q=0.9");
        using (var response = await Client.SendAsync(accepted))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Delete_by_tag_removes_only_the_tag()
    {
        var image = await _registry.PushImageAsync("repo", "v1");
        using (await _registry.PutManifestAsync("repo", "v2", image.Manifest, MediaTypes.OciManifest)) { }
        using (var deleted = await Client.DeleteAsync("/v2/repo/manifests/v1"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using (var tag = await Client.GetAsync("/v2/repo/manifests/v1"))
            Assert.Equal(HttpStatusCode.NotFound, tag.StatusCode);
        using (var other = await Client.GetAsync("/v2/repo/manifests/v2"))
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using (var again = await Client.DeleteAsync("/v2/repo/manifests/v1"))
            await TestRegistry.AssertErrorAsync(again, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Delete_by_digest_removes_the_manifest_and_its_tags()
    {
        var image = await _registry.PushImageAsync("repo", "v1");
        using (await _registry.PutManifestAsync("repo", "v2", image.Manifest, MediaTypes.OciManifest)) { }
        using (var deleted = await Client.DeleteAsync($"/v2/repo/manifests/{image.Digest}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        foreach (var reference in new[] { "v1", "v2", image.Digest.ToString() })
        {
            using var get = await Client.GetAsync($"/v2/repo/manifests/{reference}");
            await TestRegistry.AssertErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }
        using var tags = await Client.GetAsync("/v2/repo/tags/list");
        Assert.Equal("""{"name":"repo","tags":[]}""", await tags.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_manifest_larger_than_4_MiB_is_refused_with_413()
    {
        var body = new byte[(4 << 20) + 1];
        using var response = await _registry.PutManifestAsync("repo", "big", body, MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
    }
}
