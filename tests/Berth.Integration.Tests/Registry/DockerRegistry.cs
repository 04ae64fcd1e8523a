using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 and a free port, with a config of the test's own
/// (the packaged one listens on every interface): a temp storage root, and htpasswd Basic auth when a user is
/// given. Dispose stops it by PID and removes its storage.
/// </summary>
public sealed class DockerRegistry : IAsyncDisposable
{
    private const string Binary = "/usr/bin/docker-registry";
    private readonly TempDirectory _dir = new();
    private Process? _process;

    public int Port { get; private set; }
    public string Address { get; private set; } = "127.0.0.1";
    public string Host => $"{Address}:{Port}";
    public string StorageRoot => _dir.Combine("storage");

    /// <param name="tls">A certificate and key (PEM files) to serve HTTPS with, on <paramref name="address"/>.</param>
    public static async Task<DockerRegistry> StartAsync(string? user = null, string? password = null, (string Certificate, string Key)? tls = null, string address = "127.0.0.1")
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: run scripts/build.sh (it installs docker-registry)");
        var registry = new DockerRegistry { Address = address };
        await registry.LaunchAsync(user, password, tls);
        return registry;
    }

    private async Task LaunchAsync(string? user, string? password, (string Certificate, string Key)? tls)
    {
        Port = FreePort(Address);
        var config = _dir.Combine("config.yml");
        var auth = "";
        var https = tls is { } pair ? $"  tls:\n    certificate: {pair.Certificate}\n    key: {pair.Key}\n" : "";
        if (user is not null)
        {
            var htpasswd = (await ProcessRunner.RunAsync("htpasswd", ["-Bbn", user, password ?? ""])).AssertSuccess().Stdout;
            await File.WriteAllTextAsync(_dir.Combine("htpasswd"), htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: berth-test\n    path: {_dir.Combine("htpasswd")}\n";
        }
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {StorageRoot}
              delete:
                enabled: true
            http:
              addr: {Host}
            {https}{auth}
            """);
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        // The test's own certificate is not what this probe is about: accept it.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            try
            {
                using var response = await http.GetAsync($"{(tls is null ? "http" : "https")}://{Host}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"docker-registry did not answer on {Host}");
    }

    internal static int FreePort(string address = "127.0.0.1")
    {
        using var listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
}
