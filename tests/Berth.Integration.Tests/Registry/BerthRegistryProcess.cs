using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>Berth's own registry server (<c>berth registry serve</c>) on 127.0.0.1, on a temp root; optionally with token auth for one user.</summary>
public sealed class BerthRegistryProcess : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private Process? _process;

    public int Port { get; } = FreePort();

    public string Host => $"127.0.0.1:{Port}";

    public static async Task<BerthRegistryProcess> StartAsync(string? user = null, string? password = null)
    {
        var registry = new BerthRegistryProcess();
        try
        {
            List<string> args = ["registry", "serve", "--addr", registry.Host, "--root", registry._dir.Combine("root")];
            if (user is not null)
            {
                var htpasswd = (await ProcessRunner.RunAsync("htpasswd", ["-Bbn", user, password ?? ""])).AssertSuccess().Stdout;
                await File.WriteAllTextAsync(registry._dir.Combine("htpasswd"), htpasswd);
                args.AddRange(["--htpasswd", registry._dir.Combine("htpasswd"), "--token-realm", $"http://{registry.Host}/token"]);
            }
            var start = new ProcessStartInfo(RepoPaths.Berth) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            registry._process = Process.Start(start)!;
            await registry.WaitUntilUpAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _dir.Dispose();
    }

    private async Task WaitUntilUpAsync()
    {
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                return;
            }
            catch (HttpRequestException) when (attempt < 100 && !_process!.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
