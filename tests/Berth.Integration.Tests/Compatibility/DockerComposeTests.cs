using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Infrastructure;
using Berth.Integration.Tests.Networks;

namespace Berth.Integration.Tests.Compatibility;

/// <summary>
/// Debian's docker-compose 1.29 (python, docker-py) against berthd: a web service (busybox httpd serving a page
/// from a named volume, published on 127.0.0.1) and a client that fetches the page by the service's name.
/// <c>up -d</c>, <c>ps</c>, <c>logs</c> and <c>down -v</c> are run as a user would, and each is checked by
/// what it really did, not by its exit code alone.
/// </summary>
public sealed class DockerComposeTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    // /usr/bin/docker-compose runs on Debian's /usr/bin/python3 (its shebang), where python3-docker lives;
    // the python3 first on PATH may be another one without it.
    private const string Compose = "/usr/bin/docker-compose";
    private const string Page = "served-by-berth";

    private NetworkTestHost _host = null!;
    private readonly TempDirectory _project = new();

    public async Task InitializeAsync() => _host = await NetworkTestHost.StartAsync(busybox);

    public async Task DisposeAsync()
    {
        // A failed test may leave the project up: down -v first, so the host's scrub only has leftovers to find.
        if (File.Exists(ComposeFile)) await ComposeAsync("down", "-v", "--timeout", "1");
        await _host.DisposeAsync();
        _project.Dispose();
    }

    private string ProjectName => $"berthe2e{_host.Octet}";
    private string ComposeFile => _project.Combine("docker-compose.yml");

    [Fact]
    public async Task UpPsLogsDown_TwoServicesWithAPublishedPortANamedVolumeAndNameResolution()
    {
        var port = FreeLocalPort();
        await File.WriteAllTextAsync(ComposeFile, ProjectFile(port, _host.Subnet(1)));

        (await ComposeAsync("up", "-d")).AssertSuccess();
        var networkId = (await _host.DockerAsync("network", "inspect", "-f", "{{.Id}}", $"{ProjectName}_default")).AssertSuccess().Stdout.Trim();
        _host.TrackNetwork(networkId);

        // The web service serves the page from its named volume on the published host port.
        Assert.Equal(Page + "\n", await BridgeNetworkTests.GetAsync($"127.0.0.1:{port}"));
        // The client fetched the same page by the service's name, and exited 0 for it.
        Assert.Equal(0, await _host.Host.WaitAsync($"{ProjectName}_client_1"));

        var ps = (await ComposeAsync("ps")).AssertSuccess().Stdout;
        Assert.Matches($@"{ProjectName}_web_1\s+.*\s+Up\s+127\.0\.0\.1:{port}->80/tcp", ps);
        Assert.Matches($@"{ProjectName}_client_1\s+.*\s+Exit 0\s", ps);

        var logs = (await ComposeAsync("logs", "--no-color")).AssertSuccess().Stdout;
        Assert.Matches($@"client_1\s+\| {Page}\n", logs);
        Assert.Matches(@"web_1\s+\| \[::ffff:" + Regex(_host.AddressPrefix) + @"1\.\d+\]:\d+: response:200", logs); // the client's request, on the project network

        // The volume is compose's, labelled as such, and holds the page for any other container too.
        Assert.Equal(ProjectName, (await _host.DockerAsync("volume", "inspect", "-f", "{{index .Labels \"com.docker.compose.project\"}}", $"{ProjectName}_pages")).AssertSuccess().Stdout.Trim());
        var (exit, output) = await _host.RunAsync("-v", $"{ProjectName}_pages:/www:ro", ContainerHost.Image, "cat", "/www/index.html");
        Assert.Equal((0, Page + "\n"), (exit, output));

        (await ComposeAsync("down", "-v")).AssertSuccess();
        Assert.Equal("", (await _host.DockerAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={ProjectName}")).AssertSuccess().Stdout);
        Assert.DoesNotContain($"{ProjectName}_default", (await _host.DockerAsync("network", "ls", "--format", "{{.Name}}")).AssertSuccess().Stdout);
        Assert.DoesNotContain($"{ProjectName}_pages", (await _host.DockerAsync("volume", "ls", "--format", "{{.Name}}")).AssertSuccess().Stdout);
        Assert.False(Directory.Exists($"/sys/class/net/br-{networkId[..12]}"), "the project network's bridge is still on the host");
        Assert.Empty(_host.PortsOnBridges());
        Assert.Empty(await _host.RulesMentioningUsAsync());
        using var refused = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, port));
    }

    private Task<ProcessResult> ComposeAsync(params string[] args) =>
        ProcessRunner.RunAsync(Compose, ["-f", ComposeFile, "-p", ProjectName, .. args], _host.Host.DockerEnvironment(), timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// The project: its network's subnet is the test host's own (so the host's scrub covers it); the web
    /// service writes its page into the named volume and serves it; the client retries until web answers.
    /// </summary>
    private static string ProjectFile(int port, string subnet) => $$"""
        version: "3.8"
        services:
          web:
            image: busybox
            command: ["sh", "-c", "echo {{Page}} > /www/index.html && exec httpd -f -v -p 80 -h /www"]
            ports:
              - "127.0.0.1:{{port}}:80"
            volumes:
              - pages:/www
          client:
            image: busybox
            depends_on: [web]
            command: ["sh", "-c", "for i in $$(seq 100); do wget -q -O - http://web/ && exit 0; sleep 0.2; done; exit 1"]
        volumes:
          pages:
        networks:
          default:
            ipam:
              config:
                - subnet: {{subnet}}
        """;

    private static int FreeLocalPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
