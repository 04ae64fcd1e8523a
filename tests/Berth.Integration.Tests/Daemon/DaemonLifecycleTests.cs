using System.Net;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Daemon;

/// <summary>berthd as a process: its lock, its socket, its shutdown, and the Engine API's wire conventions.</summary>
public sealed class DaemonLifecycleTests : IAsyncLifetime
{
    private readonly TempDirectory _dirs = new();
    private BerthDaemon _daemon = null!;

    public async Task InitializeAsync() => _daemon = await BerthDaemon.StartAsync(_dirs);

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _dirs.Dispose();
    }

    [Fact]
    public async Task SecondDaemonOnTheSameDataRoot_Refuses()
    {
        var second = await _daemon.RunAnotherAsync();
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"data root {_daemon.DataRoot} is in use by another berthd (pid {_daemon.Process.Id})", second.Stderr);
        (await _daemon.BerthAsync("version")).AssertSuccess();
    }

    [Fact]
    public async Task Socket_IsMode0660()
    {
        var mode = File.GetUnixFileMode(_daemon.SocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
    }

    [Fact]
    public async Task SigTerm_ShutsDownCleanly_RemovingSocketAndPidfile()
    {
        var pidFile = Path.Combine(_daemon.ExecRoot, "berthd.pid");
        Assert.Equal(_daemon.Process.Id.ToString(), (await File.ReadAllTextAsync(pidFile)).Trim());
        await _daemon.StopAsync();
        Assert.Equal(0, _daemon.Process.ExitCode);
        Assert.False(File.Exists(_daemon.SocketPath));
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task AfterKill9_TheStaleSocketDoesNotBlockARestart()
    {
        await _daemon.KillAsync();
        Assert.True(File.Exists(_daemon.SocketPath), "a killed daemon leaves its socket file behind");
        await _daemon.StartAsync();
        (await _daemon.BerthAsync("info")).AssertSuccess();
    }

    [Fact]
    public async Task Ping_AnswersWithApiVersionHeaders_ForHeadAndGet()
    {
        using var http = RawHttp.For(_daemon);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("1.51", head.Headers.GetValues("Api-Version").Single());
        Assert.Equal("linux", head.Headers.GetValues("Ostype").Single());
        Assert.Equal("OK", await http.GetStringAsync("/_ping"));
    }

    [Theory]
    [InlineData("/version")]
    [InlineData("/v1.24/version")]
    [InlineData("/v1.41/version")]
    [InlineData("/v1.51/version")]
    public async Task VersionedAndUnversionedPaths_AreServed(string path)
    {
        using var http = RawHttp.For(_daemon);
        using var version = JsonDocument.Parse(await http.GetStringAsync(path));
        Assert.Equal("1.51", version.RootElement.GetProperty("ApiVersion").GetString());
        Assert.Equal("1.24", version.RootElement.GetProperty("MinAPIVersion").GetString());
    }

    [Theory]
    [InlineData("/v1.99/version", HttpStatusCode.BadRequest, "client version 1.99 is too new. Maximum supported API version is 1.51")]
    [InlineData("/v1.12/version", HttpStatusCode.BadRequest, "client version 1.12 is too old. Minimum supported API version is 1.24")]
    [InlineData("/v1.51/nosuch", HttpStatusCode.NotFound, "page not found")]
    [InlineData("/images/nosuch/json", HttpStatusCode.NotFound, "No such image: nosuch:latest")]
    public async Task Errors_AreJsonMessagesWithDockerStatusCodes(string path, HttpStatusCode status, string message)
    {
        using var http = RawHttp.For(_daemon);
        using var response = await http.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith(message, body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task HostHeader_IsNotChecked()
    {
        using var http = RawHttp.For(_daemon);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_ping");
        request.Headers.Host = "docker.sock";
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cli_FindsTheDaemonThroughBerthHost_AndSaysPlainlyWhenNoneAnswers()
    {
        var viaEnv = await ProcessRunner.RunAsync(RepoPaths.Berth, ["version", "--format", "{{.Server.ApiVersion}}"],
            new Dictionary<string, string> { ["BERTH_HOST"] = _daemon.Host });
        Assert.Equal("1.51", viaEnv.AssertSuccess().Stdout.Trim());

        var missing = _dirs.Combine("nobody.sock");
        var none = await ProcessRunner.RunAsync(RepoPaths.Berth, ["-H", $"unix://{missing}", "images"]);
        Assert.Equal(1, none.ExitCode);
        Assert.Equal($"Cannot connect to the Berth daemon at unix://{missing}. Is berthd running?\n", none.Stderr);
    }

    [Fact]
    public async Task LogFormatJson_WritesOneJsonObjectPerLine()
    {
        using var dirs = new TempDirectory();
        await using var daemon = await BerthDaemon.StartAsync(dirs, "--log-format", "json");
        await daemon.StopAsync();
        var lines = daemon.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadFlags_AreRefusedWithAMessage()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Berthd, ["--log-level", "loud", "--data-root", _dirs.Combine("other")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unable to parse logging level: loud", result.Stderr);
    }
}
