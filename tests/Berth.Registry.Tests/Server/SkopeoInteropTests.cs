using System.Net;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

/// <summary>An OCI layout with a busybox layer, made by umoci (an independent image tool), shared by the skopeo tests.</summary>
public sealed class BusyboxLayout : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public string Path => _dir.Combine("layout");
    public string ManifestDigest { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (await ProcessRunner.RunAsync("umoci", ["init", "--layout", Path])).AssertSuccess();
        (await ProcessRunner.RunAsync("umoci", ["new", "--image", $"{Path}:base"])).AssertSuccess();
        (await ProcessRunner.RunAsync("umoci", ["insert", "--image", $"{Path}:base", "/bin/busybox", "/bin/busybox"])).AssertSuccess();
        ManifestDigest = await SkopeoInteropTests.LayoutManifestDigestAsync(Path);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>skopeo (containers/image, a real independent client) pushing to and pulling from the registry.</summary>
public sealed class SkopeoInteropTests(BusyboxLayout layout) : IClassFixture<BusyboxLayout>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Skopeo_copies_an_oci_layout_in_and_back_out_unchanged()
    {
        await using var registry = await TestRegistry.StartAsync();
        var target = $"docker://{registry.HostPort}/interop/busybox:v1";
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{layout.Path}:base", target);

        var raw = await SkopeoAsync("inspect", "--raw", "--tls-verify=false", target);
        // skopeo prints the manifest's bytes exactly as the registry served them (umoci ends its JSON with a newline).
        Assert.Equal(await File.ReadAllTextAsync(BlobPath(layout.Path, layout.ManifestDigest)), raw);
        using var manifest = await registry.Client.GetAsync("/v2/interop/busybox/manifests/v1");
        Assert.Equal(layout.ManifestDigest, Assert.Single(manifest.Headers.GetValues("Docker-Content-Digest")));

        var back = _dir.Combine("back");
        await SkopeoAsync("copy", "--src-tls-verify=false", target, $"oci:{back}:v1");
        Assert.Equal(layout.ManifestDigest, await LayoutManifestDigestAsync(back));
        foreach (var digest in await ImageBlobsAsync(layout.Path, layout.ManifestDigest))
            Assert.Equal(await File.ReadAllBytesAsync(BlobPath(layout.Path, digest)), await File.ReadAllBytesAsync(BlobPath(back, digest)));
        var tags = await SkopeoAsync("list-tags", "--tls-verify=false", $"docker://{registry.HostPort}/interop/busybox");
        Assert.Contains("\"v1\"", tags);
    }

    [Fact]
    public async Task Skopeo_pushes_docker_schema2_and_copies_between_repositories()
    {
        await using var registry = await TestRegistry.StartAsync();
        var first = $"docker://{registry.HostPort}/docker/one:latest";
        await SkopeoAsync("copy", "--dest-tls-verify=false", "--format", "v2s2", $"oci:{layout.Path}:base", first);
        using (var manifest = await registry.Client.GetAsync("/v2/docker/one/manifests/latest"))
            Assert.Equal(MediaTypes.DockerManifest, manifest.Content.Headers.ContentType!.MediaType);
        // Registry to registry, within one registry: the layers may be mounted across repositories.
        var second = $"docker://{registry.HostPort}/docker/two:latest";
        await SkopeoAsync("copy", "--src-tls-verify=false", "--dest-tls-verify=false", first, second);
        var one = await SkopeoAsync("inspect", "--tls-verify=false", "--format", "{{.Digest}}", first);
        var two = await SkopeoAsync("inspect", "--tls-verify=false", "--format", "{{.Digest}}", second);
        Assert.Equal(one.Trim(), two.Trim());
        await SkopeoAsync("delete", "--tls-verify=false", second);
        using var deleted = await registry.Client.GetAsync("/v2/docker/two/manifests/latest");
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task Skopeo_follows_the_token_flow_with_credentials_over_tls()
    {
        var htpasswd = _dir.Combine("htpasswd");
        (await ProcessRunner.RunAsync("htpasswd", ["-B", "-b", "-c", htpasswd, "pusher", "secret"])).AssertSuccess();
        var (cert, key, _) = SelfSigned.Write(_dir);
        var certs = _dir.Combine("certs");
        Directory.CreateDirectory(certs);
        File.Copy(cert, System.IO.Path.Combine(certs, "registry.crt"));
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        await using var registry = await TestRegistry.StartAsync(o => o with
        {
            Htpasswd = htpasswd, TokenIssuer = "berth-test", TlsCertificate = cert, TlsKey = key,
        }, handler: handler);
        var target = $"docker://{registry.HostPort}/private/busybox:v1";
        var authfile = _dir.Combine("auth.json");

        var anonymous = await ProcessRunner.RunAsync("skopeo", ["copy", "--authfile", authfile, "--dest-cert-dir", certs, $"oci:{layout.Path}:base", target]);
        Assert.NotEqual(0, anonymous.ExitCode);
        await SkopeoAsync("copy", "--authfile", authfile, "--dest-cert-dir", certs, "--dest-creds", "pusher:secret", $"oci:{layout.Path}:base", target);
        var digest = await SkopeoAsync("inspect", "--authfile", authfile, "--cert-dir", certs, "--creds", "pusher:secret", "--format", "{{.Digest}}", target);
        Assert.Equal(layout.ManifestDigest, digest.Trim());
    }

    private static async Task<string> SkopeoAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync("skopeo", arguments)).AssertSuccess().Stdout;

    internal static async Task<string> LayoutManifestDigestAsync(string layoutPath)
    {
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(layoutPath, "index.json")));
        return index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
    }

    /// <summary>The manifest, config and layers of one image in an OCI layout.</summary>
    private static async Task<IReadOnlyList<string>> ImageBlobsAsync(string layoutPath, string manifestDigest)
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(BlobPath(layoutPath, manifestDigest)));
        return [manifestDigest, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!,
            .. manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!)];
    }

    private static string BlobPath(string layoutPath, string digest) =>
        System.IO.Path.Combine(layoutPath, "blobs", "sha256", Digest.Parse(digest).Hex);
}
