using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Compatibility;

/// <summary>The real docker CLI (28.x on PATH), pointed at berthd with DOCKER_HOST, runs the image commands.</summary>
public sealed class DockerCliTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private BerthDaemon _daemon = null!;
    private readonly TempDirectory _work = new();

    public async Task InitializeAsync() => _daemon = await BerthDaemon.StartAsync();

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task VersionAndInfo()
    {
        var version = (await _daemon.DockerAsync("version")).AssertSuccess().Stdout;
        Assert.Contains("Server: Berth Engine", version);
        Assert.Contains("API version:      1.51 (minimum version 1.24)", version);
        Assert.Equal("1.51", (await _daemon.DockerAsync("version", "--format", "{{.Server.APIVersion}}")).AssertSuccess().Stdout.Trim());

        var info = (await _daemon.DockerAsync("info")).AssertSuccess().Stdout;
        Assert.Contains("Images: 0", info);
        Assert.Contains($"Docker Root Dir: {_daemon.DataRoot}", info);
    }

    [Fact]
    public async Task ImportImagesInspectTagHistorySaveRmiLoad()
    {
        var id = (await _daemon.DockerAsync("import", "--change", "CMD [\"sh\"]", busybox.TarPath, "busybox:latest")).AssertSuccess().Stdout.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", id);

        var images = (await _daemon.DockerAsync("images")).AssertSuccess().Stdout;
        Assert.Matches($@"busybox\s+latest\s+{id[7..19]}\s+", images);
        Assert.Equal($"{id[7..19]}\n", (await _daemon.DockerAsync("images", "-q")).AssertSuccess().Stdout);

        using (var inspect = JsonDocument.Parse((await _daemon.DockerAsync("image", "inspect", "busybox")).AssertSuccess().Stdout))
        {
            Assert.Equal(id, inspect.RootElement[0].GetProperty("Id").GetString());
            Assert.Equal("sh", inspect.RootElement[0].GetProperty("Config").GetProperty("Cmd")[0].GetString());
        }
        Assert.Equal($"{id} linux/amd64", (await _daemon.DockerAsync("image", "inspect", "-f", "{{.Id}} {{.Os}}/{{.Architecture}}", "busybox")).AssertSuccess().Stdout.Trim());

        (await _daemon.DockerAsync("tag", "busybox", "example.com/team/box:v1")).AssertSuccess();
        var tags = (await _daemon.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}")).AssertSuccess().Stdout;
        Assert.Contains("example.com/team/box:v1", tags);

        var history = (await _daemon.DockerAsync("history", "busybox")).AssertSuccess().Stdout;
        Assert.Matches(@"IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT", history);
        Assert.Contains(id[7..19], history);

        var archive = _work.Combine("docker-saved.tar");
        (await _daemon.DockerAsync("save", "-o", archive, "busybox", "example.com/team/box:v1")).AssertSuccess();
        var rmi = (await _daemon.DockerAsync("rmi", "busybox", "example.com/team/box:v1")).AssertSuccess().Stdout;
        Assert.Contains("Untagged: busybox:latest", rmi);
        Assert.Contains($"Deleted: {id}", rmi);
        Assert.Equal("", (await _daemon.DockerAsync("images", "-q")).AssertSuccess().Stdout);

        var load = (await _daemon.DockerAsync("load", "-i", archive)).AssertSuccess().Stdout;
        Assert.Contains("Loaded image: busybox:latest", load);
        Assert.Equal(id, (await _daemon.DockerAsync("image", "inspect", "-f", "{{.Id}}", "example.com/team/box:v1")).AssertSuccess().Stdout.Trim());
    }

    [Fact]
    public async Task Errors_AreReportedAsDockerReportsThem()
    {
        var rmi = await _daemon.DockerAsync("rmi", "nosuch");
        Assert.Equal(1, rmi.ExitCode);
        Assert.Contains("No such image: nosuch", rmi.Stderr);

        (await _daemon.DockerAsync("import", busybox.TarPath, "busybox")).AssertSuccess();
        var tag = await _daemon.DockerAsync("tag", "busybox", "UPPER:x");
        Assert.NotEqual(0, tag.ExitCode);
        Assert.Contains("must be lowercase", tag.Stderr);
    }
}
