using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary><c>berth registry serve</c> runs Berth's registry server (the berth-registry plugin) in the foreground, with no berthd.</summary>
public sealed class RegistryCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RegistryServe_AnswersTheDistributionApi_UntilStopped()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(RepoPaths.Berth) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["registry", "serve", "--addr", $"127.0.0.1:{port}", "--root", _dir.Combine("root")]) start.ArgumentList.Add(arg);
        using var server = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var response = await RetryAsync(() => http.GetAsync("/v2/"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
            var unknown = await http.GetAsync("/v2/nothing/manifests/latest");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("MANIFEST_UNKNOWN", await unknown.Content.ReadAsStringAsync());
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task RegistryGc_OnAnEmptyRoot_Succeeds() =>
        (await ProcessRunner.RunAsync(RepoPaths.Berth, ["registry", "gc", "--root", _dir.Combine("empty")])).AssertSuccess();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> request)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await request();
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                // The server is still starting.
                await Task.Delay(100);
            }
        }
    }
}
