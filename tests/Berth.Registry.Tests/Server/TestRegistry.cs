using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Oci;
using Berth.Registry.Server.Hosting;

namespace Berth.Registry.Tests.Server;

/// <summary>
/// A registry server started in-process on 127.0.0.1 with a free port and a temp root (or a given one, to test
/// restarts), and an HttpClient pointed at it. Disposing stops the server and removes a root it made.
/// </summary>
internal sealed class TestRegistry : IAsyncDisposable
{
    private readonly TempDirectory? _ownedRoot;

    private TestRegistry(RegistryServer server, string root, TempDirectory? ownedRoot, HttpClient client)
    {
        Server = server;
        Root = root;
        _ownedRoot = ownedRoot;
        Client = client;
    }

    public RegistryServer Server { get; }
    public string Root { get; }
    public HttpClient Client { get; }
    public Uri Address => Server.Addresses[0];
    public string HostPort => $"{Address.Host}:{Address.Port}";

    public static async Task<TestRegistry> StartAsync(
        Func<RegistryServerOptions, RegistryServerOptions>? configure = null, string? root = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        var owned = root is null ? new TempDirectory() : null;
        root ??= owned!.Path;
        var options = new RegistryServerOptions { Root = root, Address = "127.0.0.1:0", LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning };
        options = configure?.Invoke(options) ?? options;
        RegistryServer server;
        try
        {
            server = await RegistryServer.StartAsync(options, time ?? TimeProvider.System, CancellationToken.None);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
        var client = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = server.Addresses[0] };
        return new TestRegistry(server, root, owned, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _ownedRoot?.Dispose();
    }

    /// <summary>Pushes a blob monolithically (POST ?digest=) and returns its digest.</summary>
    public async Task<Digest> PushBlobAsync(string name, byte[] content)
    {
        var digest = Digest.Compute(content);
        using var response = await Client.PostAsync($"/v2/{name}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }

    public async Task<HttpResponseMessage> PutManifestAsync(string name, string reference, byte[] manifest, string mediaType)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await Client.PutAsync($"/v2/{name}/manifests/{reference}", content);
    }

    /// <summary>Pushes a config and one layer, then an image manifest referencing them, tagged <paramref name="tag"/>.</summary>
    public async Task<TestImage> PushImageAsync(string name, string tag, string layerText = "layer", string mediaType = MediaTypes.OciManifest)
    {
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"x":"{{layerText}}"}""");
        var layer = Encoding.UTF8.GetBytes(layerText);
        var configDigest = await PushBlobAsync(name, config);
        var layerDigest = await PushBlobAsync(name, layer);
        var docker = mediaType == MediaTypes.DockerManifest;
        var manifest = Manifests.Image(mediaType,
            (docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, configDigest, config.Length),
            [(docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip, layerDigest, layer.Length)]);
        using var response = await PutManifestAsync(name, tag, manifest, mediaType);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new TestImage(Digest.Compute(manifest), manifest, configDigest, layerDigest);
    }

    /// <summary>The error codes of a registry error body.</summary>
    public static async Task<IReadOnlyList<string>> ErrorCodesAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList();
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal([code], await ErrorCodesAsync(response));
    }

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

internal sealed record TestImage(Digest Digest, byte[] Manifest, Digest Config, Digest Layer);
