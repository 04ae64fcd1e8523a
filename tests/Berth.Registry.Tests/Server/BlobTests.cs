using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

public sealed class BlobTests : IAsyncLifetime
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("0123456789abcdefghij");
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();
    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Get_returns_the_content_with_digest_and_length()
    {
        var digest = await _registry.PushBlobAsync("repo", Content);
        using var response = await _registry.Client.GetAsync($"/v2/repo/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest.ToString(), Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
        Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Head_returns_headers_without_a_body()
    {
        var digest = await _registry.PushBlobAsync("repo", Content);
        using var response = await _registry.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/repo/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(digest.ToString(), Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=2-5", "2345", "bytes 2-5/20")]
    [InlineData("bytes=15-", "fghij", "bytes 15-19/20")]
    [InlineData("bytes=-3", "hij", "bytes 17-19/20")]
    [InlineData("bytes=18-100", "ij", "bytes 18-19/20")]
    public async Task Range_requests_get_206_with_the_slice(string range, string expected, string contentRange)
    {
        var digest = await _registry.PushBlobAsync("repo", Content);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/repo/blobs/{digest}");
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await _registry.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(contentRange, response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task A_range_past_the_end_is_416()
    {
        var digest = await _registry.PushBlobAsync("repo", Content);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/repo/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(20, 30);
        using var response = await _registry.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */20", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Unknown_blobs_are_BLOB_UNKNOWN()
    {
        using var response = await _registry.Client.GetAsync($"/v2/repo/blobs/{Digest.Compute([9])}");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task A_blob_of_another_repository_is_not_visible()
    {
        var digest = await _registry.PushBlobAsync("one", Content);
        using var response = await _registry.Client.GetAsync($"/v2/two/blobs/{digest}");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task A_malformed_digest_is_DIGEST_INVALID()
    {
        using var response = await _registry.Client.GetAsync("/v2/repo/blobs/sha256:xyz");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Delete_unlinks_the_blob_from_the_repository()
    {
        var digest = await _registry.PushBlobAsync("repo", Content);
        await _registry.PushBlobAsync("other", Content);
        using var deleted = await _registry.Client.DeleteAsync($"/v2/repo/blobs/{digest}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var gone = await _registry.Client.GetAsync($"/v2/repo/blobs/{digest}");
        await TestRegistry.AssertErrorAsync(gone, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var again = await _registry.Client.DeleteAsync($"/v2/repo/blobs/{digest}");
        await TestRegistry.AssertErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var other = await _registry.Client.GetAsync($"/v2/other/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Deletes_are_UNSUPPORTED_when_disabled()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with { DeleteEnabled = false });
        var digest = await registry.PushBlobAsync("repo", Content);
        using var response = await registry.Client.DeleteAsync($"/v2/repo/blobs/{digest}");
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }
}
