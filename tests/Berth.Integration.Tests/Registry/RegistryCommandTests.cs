using System.Net;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary><c>berth registry serve</c> runs Berth's registry server (the berth-registry plugin) in the foreground, with no berthd.</summary>
public sealed class RegistryCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RegistryServe_AnswersTheDistributionApi()
    {
        await using var registry = await BerthRegistryProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry.Host}") };

        var response = await http.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
        var unknown = await http.GetAsync("/v2/nothing/manifests/latest");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("MANIFEST_UNKNOWN", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RegistryGc_OnAnEmptyRoot_Succeeds() =>
        (await ProcessRunner.RunAsync(RepoPaths.Berth, ["registry", "gc", "--root", _dir.Combine("empty")])).AssertSuccess();
}
