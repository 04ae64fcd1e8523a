using System.Net;
using System.Net.Http.Headers;
using Berth.Oci;

namespace Berth.Registry.Client;

/// <summary>
/// The distribution API for one repository of a registry session: manifests, blobs, uploads. Every method
/// checks the registry's answer and turns a failure into a <see cref="BerthException"/> in Docker's words.
/// </summary>
public sealed class RegistryRepository(RegistrySession session, string path)
{
    private static readonly string[] ManifestAccept =
        [MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest];

    public RegistrySession Session => session;
    public string Path => path;

    private IReadOnlyList<string> PullScope => [$"repository:{path}:pull"];
    private IReadOnlyList<string> PushScope => [$"repository:{path}:pull,push"];

    /// <summary>GETs a manifest by tag or digest; a digest reference must match the bytes received.</summary>
    public async Task<ManifestResponse> GetManifestAsync(string tagOrDigest, CancellationToken cancellationToken)
    {
        var url = session.Url($"v2/{path}/manifests/{tagOrDigest}");
        using var response = await session.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var type in ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, PullScope, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var digest = Digest.Compute(content);
        if (Digest.TryParse(tagOrDigest, out var expected) && expected != digest)
            throw BerthException.Invalid($"manifest verification failed for digest {expected}");
        return new ManifestResponse(content, ManifestResponse.MediaTypeOf(response.Content.Headers.ContentType?.MediaType, content), digest);
    }

    public async Task<ManifestResponse> GetManifestAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        var manifest = await GetManifestAsync(descriptor.Digest, cancellationToken);
        if (manifest.Content.Length != descriptor.Size)
            throw BerthException.Invalid($"manifest {descriptor.Digest}: size {manifest.Content.Length} differs from its descriptor's {descriptor.Size}");
        return manifest;
    }

    /// <summary>Every tag of the repository, following the registry's <c>Link</c> pagination.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        Uri? url = session.Url($"v2/{path}/tags/list");
        while (url is not null)
        {
            var current = url;
            using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, current), PullScope, cancellationToken);
            if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var list = System.Text.Json.JsonSerializer.Deserialize(body, RegistryClientJsonContext.Default.TagList);
            tags.AddRange(list?.Tags ?? []);
            url = NextPage(response);
        }
        return tags;
    }

    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        var link = links.FirstOrDefault(l => l.Contains("rel=\"next\"", StringComparison.Ordinal));
        if (link is null || link.IndexOf('<') is var open && open < 0 || link.IndexOf('>') is var close && close < open) return null;
        return new Uri(session.BaseAddress, link[(open + 1)..close]);
    }

    /// <summary>
    /// GETs a blob from byte <paramref name="offset"/> on (a Range request when above 0). Returns the response and
    /// the offset its body starts at: 0 when the registry ignored the Range.
    /// </summary>
    public async Task<(HttpResponseMessage Response, long Offset)> OpenBlobAsync(Digest digest, long offset, CancellationToken cancellationToken)
    {
        var url = session.Url($"v2/{path}/blobs/{digest}");
        var response = await session.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, PullScope, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PartialContent) return (response, response.Content.Headers.ContentRange?.From ?? offset);
        if (response.IsSuccessStatusCode) return (response, 0);
        using (response) throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
    }

    public async Task<bool> BlobExistsAsync(Digest digest, CancellationToken cancellationToken)
    {
        var url = session.Url($"v2/{path}/blobs/{digest}");
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Head, url), PushScope, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (response.IsSuccessStatusCode) return true;
        throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
    }

    /// <summary>
    /// Asks the registry to mount <paramref name="digest"/> from <paramref name="fromPath"/> (same registry). True when
    /// mounted; false when the registry declined (it then opened an upload, which is cancelled here).
    /// </summary>
    public async Task<bool> MountBlobAsync(Digest digest, string fromPath, CancellationToken cancellationToken)
    {
        var url = session.Url($"v2/{path}/blobs/uploads/?mount={digest}&from={Uri.EscapeDataString(fromPath)}");
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url),
            [.. PushScope, $"repository:{fromPath}:pull"], cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created) return true;
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            var cancel = new Uri(session.BaseAddress, location);
            using var _ = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, cancel), PushScope, cancellationToken);
            return false;
        }
        if (response.IsSuccessStatusCode) return false;
        throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
    }

    /// <summary>
    /// Uploads a blob: one PUT of the whole body when it is at most <paramref name="chunkSize"/>, else PATCHes of
    /// <paramref name="chunkSize"/> bytes each and a closing PUT. <paramref name="progress"/> hears bytes sent.
    /// </summary>
    public async Task UploadBlobAsync(Func<Stream> open, Digest digest, long size, long chunkSize, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(cancellationToken);
        if (size > chunkSize)
        {
            await using var source = open();
            long sent = 0;
            var buffer = new byte[chunkSize];
            while (sent < size)
            {
                var length = await source.ReadAtLeastAsync(buffer, (int)Math.Min(chunkSize, size - sent), throwOnEndOfStream: true, cancellationToken);
                var from = sent;
                var target = location;
                using var response = await session.SendAsync(() =>
                {
                    var content = new ByteArrayContent(buffer, 0, length);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    content.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{from + length - 1}");
                    return new HttpRequestMessage(HttpMethod.Patch, target) { Content = content };
                }, PushScope, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Accepted) throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
                location = NextLocation(response, location);
                sent += length;
                progress?.Report(sent);
            }
            await FinishUploadAsync(location, digest, null, cancellationToken);
            return;
        }
        await FinishUploadAsync(location, digest, () =>
        {
            var content = new StreamContent(new ProgressStream(open(), progress), 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = size;
            return content;
        }, cancellationToken);
    }

    /// <summary>PUTs a manifest under a tag (or digest); returns the digest the registry reports, else the bytes' own.</summary>
    public async Task<Digest> PutManifestAsync(string tagOrDigest, byte[] content, string mediaType, CancellationToken cancellationToken)
    {
        var url = session.Url($"v2/{path}/manifests/{tagOrDigest}");
        using var response = await session.SendAsync(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, url) { Content = body };
        }, PushScope, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var reported)
            ? reported
            : Digest.Compute(content);
    }

    private async Task<Uri> StartUploadAsync(CancellationToken cancellationToken)
    {
        var url = session.Url($"v2/{path}/blobs/uploads/");
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url), PushScope, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
            throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
        return new Uri(session.BaseAddress, response.Headers.Location);
    }

    private async Task FinishUploadAsync(Uri location, Digest digest, Func<HttpContent>? body, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var url = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest.ToString()));
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, url) { Content = body?.Invoke() }, PushScope, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw await RegistryErrors.FromResponseAsync(response, "", cancellationToken);
    }

    private Uri NextLocation(HttpResponseMessage response, Uri current) =>
        response.Headers.Location is { } next ? new Uri(session.BaseAddress, next) : current;
}
