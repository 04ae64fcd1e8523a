using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Volumes;

/// <summary>
/// The real docker CLI's volume commands against berthd: what they print and how they fail, as with dockerd.
/// </summary>
public sealed class DockerCliVolumeTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Docker(params string[] args) => _host.DockerAsync(args);

    [Fact]
    public async Task Create_Ls_Inspect_Rm_WithDockersOutput()
    {
        Assert.Equal("web-data\n", (await Docker("volume", "create", "--label", "app=web", "--label", "tier", "web-data")).AssertSuccess().Stdout);
        var anonymous = (await Docker("volume", "create")).AssertSuccess().Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", anonymous);
        // Creating an existing volume again is no error and changes nothing.
        Assert.Equal("web-data\n", (await Docker("volume", "create", "web-data")).AssertSuccess().Stdout);

        var table = (await Docker("volume", "ls")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("DRIVER    VOLUME NAME", table[0].TrimEnd());
        Assert.Equal(new[] { $"local     {anonymous}", "local     web-data" }, table.Skip(1).Select(l => l.TrimEnd()));
        Assert.Equal("web-data\n", (await Docker("volume", "ls", "-q", "--filter", "label=app=web")).AssertSuccess().Stdout);
        Assert.Equal("web-data\n", (await Docker("volume", "ls", "-q", "--filter", "name=web")).AssertSuccess().Stdout);
        Assert.Equal("", (await Docker("volume", "ls", "-q", "--filter", "label=app=db")).AssertSuccess().Stdout);
        Assert.Equal(2, (await Docker("volume", "ls", "-q", "--filter", "dangling=true", "--filter", "driver=local")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // The docker CLI joins labels in Go's map order, which is random: compare them as a set.
        var row = (await Docker("volume", "ls", "--filter", "name=web-", "--format", "{{.Name}} {{.Scope}} {{.Labels}}")).AssertSuccess().Stdout.TrimEnd('\n').Split(' ');
        Assert.Equal(["web-data", "local"], row[..2]);
        Assert.Equal(["app=web", "tier="], row[2].Split(',').Order(StringComparer.Ordinal));

        using var inspect = JsonDocument.Parse((await Docker("volume", "inspect", "web-data")).AssertSuccess().Stdout);
        var volume = Assert.Single(inspect.RootElement.EnumerateArray());
        Assert.Equal("web-data", volume.GetProperty("Name").GetString());
        Assert.Equal("local", volume.GetProperty("Driver").GetString());
        Assert.Equal("local", volume.GetProperty("Scope").GetString());
        Assert.Equal(Path.Combine(_host.Daemon.DataRoot, "volumes", "web-data", "_data"), volume.GetProperty("Mountpoint").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", volume.GetProperty("CreatedAt").GetString());
        Assert.Equal("web", volume.GetProperty("Labels").GetProperty("app").GetString());
        // The docker CLI sends no options when -o is not given, and dockerd shows them as null then.
        Assert.Equal(JsonValueKind.Null, volume.GetProperty("Options").ValueKind);
        Assert.True(Directory.Exists(volume.GetProperty("Mountpoint").GetString()));
        Assert.Equal("", (await Docker("volume", "inspect", "-f", "{{index .Labels \"com.docker.volume.anonymous\"}}", anonymous)).AssertSuccess().Stdout.Trim());

        var missing = await Docker("volume", "inspect", "web-data", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error response from daemon: get nope: no such volume\n", missing.Stderr);

        var removed = await Docker("volume", "rm", "web-data", "nope", anonymous);
        Assert.Equal(1, removed.ExitCode);
        Assert.Equal($"web-data\n{anonymous}\n", removed.Stdout);
        Assert.Equal("Error response from daemon: get nope: no such volume\n", removed.Stderr);
        Assert.Equal("", (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout);
        Assert.Equal("nope\n", (await Docker("volume", "rm", "-f", "nope")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Create_RefusesBadNamesDriversAndOptions_AsDockerd()
    {
        var badName = await Docker("volume", "create", "b@d");
        Assert.Equal(1, badName.ExitCode);
        Assert.Equal("Error response from daemon: create b@d: \"b@d\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path\n", badName.Stderr);

        var driver = await Docker("volume", "create", "-d", "nfs-plugin", "v1");
        Assert.Equal(1, driver.ExitCode);
        Assert.Equal("Error response from daemon: create v1: error looking up volume plugin nfs-plugin: plugin \"nfs-plugin\" not found\n", driver.Stderr);

        var option = await Docker("volume", "create", "-o", "type=tmpfs", "v2");
        Assert.Equal(1, option.ExitCode);
        Assert.Equal("Error response from daemon: create v2: missing required option: \"device\"\n", option.Stderr);
        Assert.Equal("", (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Prune_RemovesUnusedAnonymousVolumes_AllUnusedWithA_NeverUsedOnes()
    {
        (await Docker("volume", "create", "named-idle")).AssertSuccess();
        (await Docker("volume", "create", "--label", "keep=yes", "named-kept")).AssertSuccess();
        var idle = (await Docker("volume", "create")).AssertSuccess().Stdout.Trim();
        await _host.CreateAsync("--name", "user", "-v", "named-used:/u", "-v", "/anon-used", ContainerHost.Image, "true");
        var used = (await Docker("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/anon-used\"}}{{.Name}}{{end}}{{end}}", "user")).AssertSuccess().Stdout.Trim();
        File.WriteAllBytes(Path.Combine(_host.Daemon.DataRoot, "volumes", idle, "_data", "blob"), new byte[3000]);

        var anonymousOnly = (await Docker("volume", "prune", "-f")).AssertSuccess().Stdout;
        Assert.Equal($"Deleted Volumes:\n{idle}\n\nTotal reclaimed space: 3kB\n", anonymousOnly);

        var filtered = (await Docker("volume", "prune", "-af", "--filter", "label!=keep")).AssertSuccess().Stdout;
        Assert.Equal("Deleted Volumes:\nnamed-idle\n\nTotal reclaimed space: 0B\n", filtered);
        Assert.Equal(new[] { "named-kept", "named-used", used }.Order(), (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        Assert.Equal("Total reclaimed space: 0B\n", (await Docker("volume", "prune", "-f")).AssertSuccess().Stdout);
        (await Docker("rm", "user")).AssertSuccess();
        var rest = (await Docker("volume", "prune", "-af")).AssertSuccess().Stdout;
        Assert.Contains("named-kept\n", rest);
        Assert.Contains("named-used\n", rest);
        Assert.Contains(used + "\n", rest);
        Assert.Equal("", (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task RunWithV_CreatesTheNamedVolume_AndInspectShowsItsMount()
    {
        var run = await Docker("run", "--name", "v-run", "-v", "made-by-run:/data", ContainerHost.Image, "sh", "-c", "echo hi > /data/x && cat /data/x");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hi\n", run.Stdout);
        Assert.Equal("made-by-run\n", (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout);
        var mounts = await _host.FormatAsync("v-run", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.Driver}} {{.Mode}} {{.RW}} [{{.Propagation}}]{{end}}");
        Assert.Equal("volume made-by-run /data local z true []", mounts);
        Assert.Equal("made-by-run", (await Docker("ps", "-a", "--format", "{{.Mounts}}")).AssertSuccess().Stdout.Trim());
        var volumeNotAPath = await Docker("run", "--rm", "-v", "bad@name:/data", ContainerHost.Image, "true");
        Assert.Equal(125, volumeNotAPath.ExitCode);
        Assert.Contains("includes invalid characters for a local volume name", volumeNotAPath.Stderr);
        var driver = await Docker("run", "--rm", "--mount", "type=volume,src=plugged,dst=/p,volume-driver=nfs-plugin", ContainerHost.Image, "true");
        Assert.Equal(125, driver.ExitCode);
        Assert.StartsWith("docker: Error response from daemon: create plugged: error looking up volume plugin nfs-plugin: plugin \"nfs-plugin\" not found", driver.Stderr);
        Assert.Equal("made-by-run\n", (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout);
    }
}
