using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

public sealed class ReferrerTests : IAsyncLifetime
{
    private const string SignatureType = "application/vnd.example.signature";
    private const string SbomType = "application/vnd.example.sbom";
    private TestRegistry _registry = null!;
    private TestImage _subject = null!;

    public async Task InitializeAsync()
    {
        _registry = await TestRegistry.StartAsync();
        _subject = await _registry.PushImageAsync("repo", "v1");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_manifest_with_a_subject_gets_the_OCI_Subject_header_and_is_listed()
    {
        var (digest, response) = await PushReferrerAsync(SignatureType, "sig");
        using (response)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(_subject.Digest.ToString(), Assert.Single(response.Headers.GetValues("OCI-Subject")));
        }
        using var list = await _registry.Client.GetAsync($"/v2/repo/referrers/{_subject.Digest}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(MediaTypes.OciIndex, list.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("schemaVersion").GetInt32());
        var entry = Assert.Single(json.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal(SignatureType, entry.GetProperty("artifactType").GetString());
        Assert.Equal(MediaTypes.OciManifest, entry.GetProperty("mediaType").GetString());
        Assert.Equal("sig", entry.GetProperty("annotations").GetProperty("org.example.note").GetString());
        Assert.False(list.Headers.Contains("OCI-Filters-Applied"));
    }

    [Fact]
    public async Task ArtifactType_filters_and_says_so()
    {
        (await PushReferrerAsync(SignatureType, "sig")).Response.Dispose();
        var (sbom, response) = await PushReferrerAsync(SbomType, "sbom");
        response.Dispose();
        using var list = await _registry.Client.GetAsync($"/v2/repo/referrers/{_subject.Digest}?artifactType={Uri.EscapeDataString(SbomType)}");
        Assert.Equal("artifactType", Assert.Single(list.Headers.GetValues("OCI-Filters-Applied")));
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(sbom.ToString(), Assert.Single(json.RootElement.GetProperty("manifests").EnumerateArray()).GetProperty("digest").GetString());
        using var all = await _registry.Client.GetAsync($"/v2/repo/referrers/{_subject.Digest}");
        using var allJson = JsonDocument.Parse(await all.Content.ReadAsStringAsync());
        Assert.Equal(2, allJson.RootElement.GetProperty("manifests").GetArrayLength());
    }

    [Fact]
    public async Task Without_artifactType_the_config_media_type_is_listed()
    {
        var config = await _registry.PushBlobAsync("repo", Encoding.ASCII.GetBytes("{}"));
        var manifest = Manifests.Image(MediaTypes.OciManifest, ("application/vnd.example.config", config, 2), [], subject: (_subject.Digest, _subject.Manifest.Length));
        using (var put = await _registry.PutManifestAsync("repo", Digest.Compute(manifest).ToString(), manifest, MediaTypes.OciManifest))
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var list = await _registry.Client.GetAsync($"/v2/repo/referrers/{_subject.Digest}");
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.example.config", Assert.Single(json.RootElement.GetProperty("manifests").EnumerateArray()).GetProperty("artifactType").GetString());
    }

    [Fact]
    public async Task A_subject_without_referrers_has_an_empty_list_not_404()
    {
        using var list = await _registry.Client.GetAsync($"/v2/unknown/referrers/{Digest.Compute([7])}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[]}""", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invalid_subject_digest_is_400()
    {
        using var list = await _registry.Client.GetAsync("/v2/repo/referrers/sha256:nothex");
        await TestRegistry.AssertErrorAsync(list, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task A_referrer_may_arrive_before_its_subject()
    {
        var config = await _registry.PushBlobAsync("repo", Encoding.ASCII.GetBytes("{}"));
        var absent = Digest.Compute(Encoding.ASCII.GetBytes("not pushed yet"));
        var manifest = Manifests.Image(MediaTypes.OciManifest, (MediaTypes.OciConfig, config, 2), [], SignatureType, (absent, 14));
        using var put = await _registry.PutManifestAsync("repo", Digest.Compute(manifest).ToString(), manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var list = await _registry.Client.GetAsync($"/v2/repo/referrers/{absent}");
        Assert.Contains(Digest.Compute(manifest).ToString(), await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deleting_a_referrer_removes_it_from_the_list()
    {
        var (digest, response) = await PushReferrerAsync(SignatureType, "sig");
        response.Dispose();
        using (var deleted = await _registry.Client.DeleteAsync($"/v2/repo/manifests/{digest}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var list = await _registry.Client.GetAsync($"/v2/repo/referrers/{_subject.Digest}");
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("manifests").GetArrayLength());
    }

    private async Task<(Digest Digest, HttpResponseMessage Response)> PushReferrerAsync(string artifactType, string note)
    {
        var empty = await _registry.PushBlobAsync("repo", Encoding.ASCII.GetBytes("{}"));
        var payload = await _registry.PushBlobAsync("repo", Encoding.ASCII.GetBytes(note));
        var manifest = Manifests.Image(MediaTypes.OciManifest, ("application/vnd.oci.empty.v1+json", empty, 2),
            [("application/octet-stream", payload, note.Length)], artifactType, (_subject.Digest, _subject.Manifest.Length), note);
        var digest = Digest.Compute(manifest);
        return (digest, await _registry.PutManifestAsync("repo", digest.ToString(), manifest, MediaTypes.OciManifest));
    }
}
