using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Volumes;

/// <summary>
/// berth's volume commands print what the docker CLI prints for the same command against the same berthd.
/// </summary>
public sealed class BerthCliVolumeTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Berth(params string[] args) => _host.Daemon.BerthAsync(args);

    private async Task AssertSameAsDockerAsync(params string[] args)
    {
        var berth = await Berth(args);
        var docker = await _host.DockerAsync(args);
        Assert.Equal(docker.ExitCode, berth.ExitCode);
        Assert.Equal(docker.Stdout, berth.Stdout);
        Assert.Equal(docker.Stderr, berth.Stderr);
    }

    [Fact]
    public async Task Create_Ls_Inspect_Rm_Prune_PrintAsDocker()
    {
        Assert.Equal("logs\n", (await Berth("volume", "create", "--label", "app=web", "-o", "type=tmpfs", "-o", "device=tmpfs", "logs")).AssertSuccess().Stdout);
        Assert.Equal("cache\n", (await Berth("volume", "create", "--name", "cache")).AssertSuccess().Stdout);
        var anonymous = (await Berth("volume", "create")).AssertSuccess().Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", anonymous);
        var conflict = await Berth("volume", "create", "--name", "a1", "b1");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Equal("conflicting options: cannot specify a volume-name through both --name and as a positional arg\n", conflict.Stderr);

        await AssertSameAsDockerAsync("volume", "ls");
        await AssertSameAsDockerAsync("volume", "ls", "-q", "--filter", "label=app");
        await AssertSameAsDockerAsync("volume", "ls", "--format", "table {{.Name}}\t{{.Labels}}\t{{.Scope}}\t{{.Mountpoint}}\t{{.Links}}\t{{.Size}}");
        await AssertSameAsDockerAsync("volume", "ls", "--format", "json");
        await AssertSameAsDockerAsync("volume", "inspect", "logs", "cache");
        await AssertSameAsDockerAsync("volume", "inspect", "--format", "{{.Name}} {{.Options.type}} {{json .Labels}}", "logs");
        await AssertSameAsDockerAsync("volume", "inspect", "logs", "missing");
        await AssertSameAsDockerAsync("volume", "ls", "--filter", "bogus=1");

        await _host.CreateAsync("--name", "user", "-v", "cache:/c", ContainerHost.Image, "true");
        var inUse = await Berth("volume", "rm", "cache", "logs", "missing");
        Assert.Equal(1, inUse.ExitCode);
        Assert.Equal("logs\n", inUse.Stdout);
        Assert.StartsWith("Error response from daemon: remove cache: volume is in use - [", inUse.Stderr);
        Assert.EndsWith("]\nError response from daemon: get missing: no such volume\n", inUse.Stderr);

        Assert.Equal($"Deleted Volumes:\n{anonymous}\n\nTotal reclaimed space: 0B\n", (await Berth("volume", "prune", "-f")).AssertSuccess().Stdout);
        (await _host.DockerAsync("rm", "user")).AssertSuccess();
        var declined = await _host.Daemon.BerthWithInputAsync(WriteInput("n\n"), "volume", "prune", "-a");
        Assert.Equal("WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ", declined.AssertSuccess().Stdout);
        Assert.Equal("cache\n", (await Berth("volume", "ls", "-q")).AssertSuccess().Stdout);
        Assert.Equal("Deleted Volumes:\ncache\n\nTotal reclaimed space: 0B\n", (await Berth("volume", "prune", "--all", "--force")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task RunWithVolumes_AndVolumesFrom_ThroughBerth()
    {
        var write = await Berth("run", "--name", "first", "-v", "berth-vol:/v", "-v", "/scratch", ContainerHost.Image, "sh", "-c", "echo shared > /v/f; echo anon > /scratch/g");
        Assert.True(write.ExitCode == 0, write.Stderr);
        var read = await Berth("run", "--rm", "--volumes-from", "first:ro", ContainerHost.Image, "sh", "-c", "cat /v/f /scratch/g; touch /v/h");
        Assert.Equal("shared\nanon\n", read.Stdout);
        Assert.Contains("Read-only file system", read.Stderr);
        Assert.Equal(2, (await Berth("volume", "ls", "-q")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        (await Berth("rm", "-v", "first")).AssertSuccess();
        Assert.Equal("berth-vol\n", (await Berth("volume", "ls", "-q")).AssertSuccess().Stdout);
    }

    private string WriteInput(string text)
    {
        var path = _host.Dirs.Combine("stdin.txt");
        File.WriteAllText(path, text);
        return path;
    }
}
