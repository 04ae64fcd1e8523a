using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>Pulls of a multi-platform name: an OCI index in docker-registry, narrowed to one platform by berthd.</summary>
public sealed class ManifestListTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private DockerRegistry _registry = null!;
    private BerthDaemon _daemon = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _registry = await DockerRegistry.StartAsync();
        _daemon = await BerthDaemon.StartAsync();
        _cli = new RegistryCli(_daemon, _work.Combine("config"));
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        await _registry.DisposeAsync();
        _work.Dispose();
    }

    /// <summary>Pushes busybox as multi:amd64, then PUTs an index naming it for linux/amd64 and for linux/arm64/v8 (same bytes: only the choice is under test).</summary>
    private async Task<(string IndexDigest, string ManifestDigest)> PushIndexAsync()
    {
        var single = $"{_registry.Host}/multi:amd64";
        (await _cli.BerthAsync("import", busybox.TarPath, single)).AssertSuccess();
        var push = (await _cli.BerthAsync("push", single)).AssertSuccess().Stdout;
        var match = System.Text.RegularExpressions.Regex.Match(push, @"amd64: digest: (sha256:[0-9a-f]{64}) size: (\d+)");
        var (digest, size) = (match.Groups[1].Value, long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        (await _cli.BerthAsync("rmi", single)).AssertSuccess();

        var index = $$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{digest}}}","size":{{{size}}},"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{digest}}}","size":{{{size}}},"platform":{"architecture":"amd64","os":"linux"}}]}
            """;
        var bytes = Encoding.UTF8.GetBytes(index);
        using var http = new HttpClient();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.index.v1+json");
        (await http.PutAsync($"http://{_registry.Host}/v2/multi/manifests/latest", content)).EnsureSuccessStatusCode();
        return ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), digest);
    }

    [Fact]
    public async Task AnIndex_IsNarrowedToThePlatform_AndRecordedUnderItsOwnDigest()
    {
        var (indexDigest, manifestDigest) = await PushIndexAsync();
        var name = $"{_registry.Host}/multi:latest";

        var pull = (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout;
        Assert.Contains($"Digest: {indexDigest}", pull);
        using (var inspect = JsonDocument.Parse((await _cli.BerthAsync("image", "inspect", name)).AssertSuccess().Stdout))
        {
            Assert.Equal($"{_registry.Host}/multi@{indexDigest}", inspect.RootElement[0].GetProperty("RepoDigests")[0].GetString());
        }
        Assert.Equal("ok\n", (await _cli.BerthAsync("run", "--rm", $"{_registry.Host}/multi@{indexDigest}", "echo", "ok")).AssertSuccess().Stdout);

        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        (await _cli.BerthAsync("pull", "--platform", "linux/arm64", name)).AssertSuccess();

        var absent = await _cli.BerthAsync("pull", "--platform", "linux/s390x", name);
        Assert.Equal(1, absent.ExitCode);
        Assert.Contains("no matching manifest for linux/s390x in the manifest list entries", absent.Stderr);

        using var http = RawHttp.For(_daemon);
        using var distribution = JsonDocument.Parse(await http.GetStringAsync($"/v1.47/distribution/{name}/json"));
        Assert.Equal(indexDigest, distribution.RootElement.GetProperty("Descriptor").GetProperty("digest").GetString());
        Assert.Equal(["arm64", "amd64"], distribution.RootElement.GetProperty("Platforms").EnumerateArray().Select(p => p.GetProperty("architecture").GetString()));

        // The docker CLI's pull of a digest sends it in the tag parameter.
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        var byDigest = (await _cli.DockerAsync("pull", $"{_registry.Host}/multi@{manifestDigest}")).AssertSuccess().Stdout;
        Assert.Contains($"Digest: {manifestDigest}", byDigest);
    }
}
