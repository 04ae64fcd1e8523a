using System.Net;
using System.Text;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

public sealed class UploadTests : IAsyncLifetime
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("the quick brown fox jumps over the lazy dog");
    private static readonly Digest ContentDigest = Digest.Compute(Content);
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();
    public async Task DisposeAsync() => await _registry.DisposeAsync();

    private HttpClient Client => _registry.Client;

    [Fact]
    public async Task Post_starts_an_upload_with_location_range_and_uuid()
    {
        using var response = await Client.PostAsync("/v2/repo/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uuid = Assert.Single(response.Headers.GetValues("Docker-Upload-UUID"));
        Assert.Equal($"/v2/repo/blobs/uploads/{uuid}", response.Headers.Location!.ToString());
        Assert.Equal("0-0", Assert.Single(response.Headers.GetValues("Range")));
    }

    [Fact]
    public async Task Post_then_put_with_the_whole_blob()
    {
        var location = await StartAsync();
        using var put = await Client.PutAsync($"{location}?digest={ContentDigest}", new ByteArrayContent(Content));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/repo/blobs/{ContentDigest}", put.Headers.Location!.ToString());
        Assert.Equal(ContentDigest.ToString(), Assert.Single(put.Headers.GetValues("Docker-Content-Digest")));
        Assert.Equal(Content, await Client.GetByteArrayAsync($"/v2/repo/blobs/{ContentDigest}"));
    }

    [Fact]
    public async Task Chunked_upload_with_content_ranges()
    {
        var location = await StartAsync();
        location = await PatchAsync(location, Content[..10], "0-9", HttpStatusCode.Accepted, "0-9");
        location = await PatchAsync(location, Content[10..30], "10-29", HttpStatusCode.Accepted, "0-29");
        using (var status = await Client.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
            Assert.Equal("0-29", Assert.Single(status.Headers.GetValues("Range")));
        }
        using var put = await Client.PutAsync($"{location}?digest={ContentDigest}", Chunk(Content[30..], $"30-{Content.Length - 1}"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(Content, await Client.GetByteArrayAsync($"/v2/repo/blobs/{ContentDigest}"));
    }

    [Fact]
    public async Task Chunked_upload_without_content_range_streams_in_order()
    {
        var location = await StartAsync();
        using (var patch = await Client.PatchAsync(location, new ByteArrayContent(Content)))
        {
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
            Assert.Equal($"0-{Content.Length - 1}", Assert.Single(patch.Headers.GetValues("Range")));
        }
        using var put = await Client.PutAsync($"{location}?digest={ContentDigest}", null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task An_out_of_order_chunk_is_416_and_leaves_the_upload_as_it_was()
    {
        var location = await StartAsync();
        location = await PatchAsync(location, Content[..10], "0-9", HttpStatusCode.Accepted, "0-9");
        using (var skipped = await Client.PatchAsync(location, Chunk(Content[20..30], "20-29")))
        {
            await TestRegistry.AssertErrorAsync(skipped, HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID");
            Assert.Equal("0-9", Assert.Single(skipped.Headers.GetValues("Range")));
        }
        using (var repeated = await Client.PatchAsync(location, Chunk(Content[..10], "0-9")))
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, repeated.StatusCode);
        await PatchAsync(location, Content[10..], $"10-{Content.Length - 1}", HttpStatusCode.Accepted, $"0-{Content.Length - 1}");
        using var put = await Client.PutAsync($"{location}?digest={ContentDigest}", null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task A_content_range_that_disagrees_with_the_length_is_SIZE_INVALID()
    {
        var location = await StartAsync();
        using var response = await Client.PatchAsync(location, Chunk(Content[..10], "0-19"));
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.BadRequest, "SIZE_INVALID");
    }

    [Fact]
    public async Task A_wrong_digest_is_DIGEST_INVALID_and_nothing_becomes_visible()
    {
        var wrong = Digest.Compute([1, 2, 3]);
        using (var monolithic = await Client.PostAsync($"/v2/repo/blobs/uploads/?digest={wrong}", new ByteArrayContent(Content)))
            await TestRegistry.AssertErrorAsync(monolithic, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        var location = await StartAsync();
        using (var put = await Client.PutAsync($"{location}?digest={wrong}", new ByteArrayContent(Content)))
            await TestRegistry.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var get = await Client.GetAsync($"/v2/repo/blobs/{ContentDigest}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var head = await Client.GetAsync($"/v2/repo/blobs/{wrong}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_registry.Root, "blobs", "sha256")));
    }

    [Fact]
    public async Task Put_without_a_digest_is_DIGEST_INVALID()
    {
        var location = await StartAsync();
        using var put = await Client.PutAsync(location, new ByteArrayContent(Content));
        await TestRegistry.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Delete_cancels_the_upload()
    {
        var location = await StartAsync();
        await PatchAsync(location, Content[..10], "0-9", HttpStatusCode.Accepted, "0-9");
        using (var cancel = await Client.DeleteAsync(location))
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        using (var status = await Client.GetAsync(location))
            await TestRegistry.AssertErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var patch = await Client.PatchAsync(location, new ByteArrayContent(Content));
        await TestRegistry.AssertErrorAsync(patch, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_registry.Root, "uploads")));
    }

    [Theory]
    [InlineData("/v2/repo/blobs/uploads/0123456789abcdef0123456789abcdef")]
    [InlineData("/v2/repo/blobs/uploads/not-a-uuid")]
    public async Task Unknown_uploads_are_BLOB_UPLOAD_UNKNOWN(string location)
    {
        using var response = await Client.GetAsync(location);
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task An_upload_belongs_to_its_repository()
    {
        var location = await StartAsync();
        using var response = await Client.GetAsync(location.Replace("/v2/repo/", "/v2/other/"));
        await TestRegistry.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Mount_from_a_repository_holding_the_blob_is_201()
    {
        await _registry.PushBlobAsync("source", Content);
        using var mount = await Client.PostAsync($"/v2/target/blobs/uploads/?mount={ContentDigest}&from=source", null);
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal($"/v2/target/blobs/{ContentDigest}", mount.Headers.Location!.ToString());
        Assert.Equal(Content, await Client.GetByteArrayAsync($"/v2/target/blobs/{ContentDigest}"));
    }

    [Theory]
    [InlineData("&from=empty")]
    [InlineData("&from=Bad..Name")]
    [InlineData("")]
    public async Task Mount_that_cannot_be_served_falls_back_to_an_upload(string from)
    {
        await _registry.PushBlobAsync("source", Content);
        using var mount = await Client.PostAsync($"/v2/target/blobs/uploads/?mount={ContentDigest}{from}", null);
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.Contains("/v2/target/blobs/uploads/", mount.Headers.Location!.ToString());
        using var get = await Client.GetAsync($"/v2/target/blobs/{ContentDigest}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task An_empty_blob_uploads()
    {
        var empty = Digest.Compute([]);
        using var response = await Client.PostAsync($"/v2/repo/blobs/uploads/?digest={empty}", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await Client.GetByteArrayAsync($"/v2/repo/blobs/{empty}"));
    }

    private async Task<string> StartAsync()
    {
        using var response = await Client.PostAsync("/v2/repo/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private async Task<string> PatchAsync(string location, byte[] chunk, string contentRange, HttpStatusCode expected, string range)
    {
        using var response = await Client.PatchAsync(location, Chunk(chunk, contentRange));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(range, Assert.Single(response.Headers.GetValues("Range")));
        return response.Headers.Location!.ToString();
    }

    private static ByteArrayContent Chunk(byte[] chunk, string contentRange)
    {
        var content = new ByteArrayContent(chunk);
        content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return content;
    }
}
