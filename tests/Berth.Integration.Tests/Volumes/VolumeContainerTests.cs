using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Volumes;

/// <summary>
/// Volumes with real containers, driven by the real docker CLI against berthd: data that outlives containers,
/// Docker's copy-up from the image, read-only volumes, a tmpfs-typed local volume mounted only while used,
/// anonymous volumes removed by <c>rm -v</c> and <c>--rm</c> only, in-use volumes kept, <c>--volumes-from</c>,
/// and the volume list after a daemon restart.
/// </summary>
public sealed class VolumeContainerTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string Image = ContainerHost.Image;

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Docker(params string[] args) => _host.DockerAsync(args);

    private async Task<string[]> VolumeNamesAsync() =>
        (await Docker("volume", "ls", "-q")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string DataPath(string volume) => Path.Combine(_host.Daemon.DataRoot, "volumes", volume, "_data");

    [Fact]
    public async Task ANamedVolume_OutlivesItsContainer_AndTheNextContainerSeesItsData()
    {
        var write = await Docker("run", "--name", "writer", "-v", "keep:/data", Image, "sh", "-c", "echo kept > /data/file");
        Assert.True(write.ExitCode == 0, write.Stderr);
        (await Docker("rm", "-v", "writer")).AssertSuccess();

        Assert.Contains("keep", await VolumeNamesAsync());
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(DataPath("keep"), "file")));
        var read = await Docker("run", "--rm", "--mount", "type=volume,source=keep,target=/elsewhere", Image, "cat", "/elsewhere/file");
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Equal("kept\n", read.Stdout);
    }

    [Fact]
    public async Task ANewVolume_IsFilledFromTheImage_WithOwnerAndMode_UnlessNocopy_AndAFullOneIsLeftAlone()
    {
        (await Docker("run", "--name", "prep", Image, "sh", "-c",
            "mkdir -p /data/sub && echo seed > /data/sub/f && ln -s sub/f /data/link && chown -R 1000:1000 /data && chmod 750 /data")).AssertSuccess();
        (await Docker("commit", "--change", "VOLUME /data", "prep", "seeded:1")).AssertSuccess();

        // The image's VOLUME becomes an anonymous volume, filled at start.
        var anonymous = await _host.RunAsync("--name", "anon", "seeded:1", "sh", "-c", "cat /data/sub/f; readlink /data/link; stat -c '%u:%g %a' /data");
        Assert.Equal(0, anonymous.ExitCode);
        Assert.Equal("seed\nsub/f\n1000:1000 750\n", anonymous.Stdout);
        var mount = Assert.Single((await _host.InspectAsync("anon")).GetProperty("Mounts").EnumerateArray());
        Assert.Equal("volume", mount.GetProperty("Type").GetString());
        Assert.Equal("/data", mount.GetProperty("Destination").GetString());
        Assert.Matches("^[0-9a-f]{64}$", mount.GetProperty("Name").GetString());
        Assert.Equal(DataPath(mount.GetProperty("Name").GetString()!), mount.GetProperty("Source").GetString());
        Assert.Equal("local", mount.GetProperty("Driver").GetString());
        Assert.True(mount.GetProperty("RW").GetBoolean());

        // A named volume is filled the same way on first use…
        Assert.Equal("seed\n1000:1000 750\n", await _host.OutputOfAsync("-v", "named-seed:/data", "seeded:1", "sh", "-c", "cat /data/sub/f; stat -c '%u:%g %a' /data"));
        // …but not with nocopy…
        Assert.Equal("", await _host.OutputOfAsync("--mount", "type=volume,src=no-seed,dst=/data,volume-nocopy", "seeded:1", "ls", "-A", "/data"));
        // …and a volume that holds something keeps exactly that.
        await _host.OutputOfAsync("-v", "full:/v", Image, "sh", "-c", "echo mine > /v/own");
        Assert.Equal("own\n", await _host.OutputOfAsync("-v", "full:/data", "seeded:1", "ls", "-A", "/data"));
    }

    [Fact]
    public async Task AReadOnlyVolume_RejectsWrites_ByEitherFlag()
    {
        (await Docker("volume", "create", "ro-data")).AssertSuccess();
        var bind = await _host.RunAsync("--name", "ro1", "-v", "ro-data:/v:ro", Image, "sh", "-c", "echo x > /v/f");
        Assert.NotEqual(0, bind.ExitCode);
        Assert.Contains("Read-only file system", bind.Stderr);
        var mount = await _host.RunAsync("--name", "ro2", "--mount", "type=volume,src=ro-data,dst=/v,readonly", Image, "touch", "/v/f");
        Assert.NotEqual(0, mount.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(DataPath("ro-data")));

        var point = Assert.Single((await _host.InspectAsync("ro1")).GetProperty("Mounts").EnumerateArray());
        Assert.False(point.GetProperty("RW").GetBoolean());
        Assert.Equal("ro", point.GetProperty("Mode").GetString());
        Assert.Equal("ro-data", point.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task ATmpfsLocalVolume_IsMountedWhileAContainerUsesIt_AndUnmountedWhenTheLastStops()
    {
        (await Docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m,mode=0770", "scratch")).AssertSuccess();
        var data = DataPath("scratch");
        Assert.Empty(HostMounts.Under(data));

        var first = await _host.RunDetachedAsync("-v", "scratch:/s", Image, "sh", "-c", "echo in-memory > /s/f; sleep 300");
        var second = await _host.RunDetachedAsync("-v", "scratch:/s", Image, "sleep", "300");
        Assert.Single(HostMounts.Under(data));
        var mounts = (await Docker("exec", second, "cat", "/proc/mounts")).AssertSuccess().Stdout;
        Assert.Matches(@"tmpfs /s tmpfs rw,.*size=1024k,mode=770", mounts);

        (await Docker("stop", "-t", "0", first)).AssertSuccess();
        Assert.Single(HostMounts.Under(data));
        Assert.Equal("in-memory\n", (await Docker("exec", second, "cat", "/s/f")).AssertSuccess().Stdout);

        (await Docker("stop", "-t", "0", second)).AssertSuccess();
        Assert.Empty(HostMounts.Under(data));
        Assert.False(File.Exists(Path.Combine(data, "f")), "the tmpfs content is on the disk");

        var inspect = (await Docker("volume", "inspect", "-f", "{{json .Options}}", "scratch")).AssertSuccess().Stdout.Trim();
        Assert.Equal("""{"device":"tmpfs","o":"size=1m,mode=0770","type":"tmpfs"}""", inspect);
    }

    [Fact]
    public async Task AnonymousVolumes_GoWithRmV_AndRunRm_NamedOnesStay_AndPlainRmKeepsAll()
    {
        await _host.CreateAsync("--name", "plain", "-v", "/anon", Image, "true");
        var anonymous = Assert.Single(await VolumeNamesAsync());
        (await Docker("rm", "plain")).AssertSuccess();
        Assert.Equal([anonymous], await VolumeNamesAsync());

        await _host.CreateAsync("--name", "with-v", "-v", "/anon2", "-v", "named-a:/n", Image, "true");
        Assert.Equal(3, (await VolumeNamesAsync()).Length);
        (await Docker("rm", "-v", "with-v")).AssertSuccess();
        Assert.Equal(new[] { anonymous, "named-a" }.Order(), (await VolumeNamesAsync()).Order());

        var run = await Docker("run", "--rm", "-v", "/anon3", "--mount", "type=volume,dst=/anon4", "-v", "named-b:/n", Image, "sh", "-c", "touch /anon3/x /anon4/y");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(new[] { anonymous, "named-a", "named-b" }.Order(), (await VolumeNamesAsync()).Order());
    }

    [Fact]
    public async Task AVolumeInUse_EvenByAStoppedContainer_IsNotRemoved_EvenWithForce()
    {
        var id = await _host.CreateAsync("--name", "holder", "-v", "held:/h", Image, "true");
        foreach (var args in new[] { new[] { "volume", "rm", "held" }, ["volume", "rm", "-f", "held"] })
        {
            var refused = await Docker(args);
            Assert.Equal(1, refused.ExitCode);
            Assert.Equal($"Error response from daemon: remove held: volume is in use - [{id}]\n", refused.Stderr);
        }
        var pruned = (await Docker("volume", "prune", "-af")).AssertSuccess();
        Assert.DoesNotContain("held", pruned.Stdout);

        (await Docker("rm", "holder")).AssertSuccess();
        Assert.Equal("held\n", (await Docker("volume", "rm", "held")).AssertSuccess().Stdout);
        Assert.Empty(await VolumeNamesAsync());
        Assert.False(Directory.Exists(Path.Combine(_host.Daemon.DataRoot, "volumes", "held")));
    }

    [Fact]
    public async Task VolumesFrom_SharesTheVolumesAndBinds_ReadOnlyWhenAsked()
    {
        var hostDir = _host.Dirs.Combine("shared-bind");
        Directory.CreateDirectory(hostDir);
        File.WriteAllText(Path.Combine(hostDir, "host-file"), "from host\n");
        await _host.OutputOfAsync("--name", "source", "-v", "shared:/shared", "-v", $"{hostDir}:/hostdir", Image, "sh", "-c", "echo from source > /shared/f");

        Assert.Equal("from source\nfrom host\n", await _host.OutputOfAsync("--volumes-from", "source", Image, "sh", "-c", "cat /shared/f /hostdir/host-file"));
        var readOnly = await _host.RunAsync("--volumes-from", "source:ro", Image, "touch", "/shared/g");
        Assert.NotEqual(0, readOnly.ExitCode);
        Assert.Contains("Read-only file system", readOnly.Stderr);
        // dockerd's 400, not a 404 that would send the docker CLI pulling the image.
        var missing = await Docker("create", "--volumes-from", "nonexistent", Image);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error response from daemon: No such container: nonexistent\n", missing.Stderr);
        var mode = await Docker("create", "--volumes-from", "source:xx", Image);
        Assert.Equal("Error response from daemon: invalid mode: xx\n", mode.Stderr);
    }

    [Fact]
    public async Task TheVolumeList_AndTheContainersVolumes_AreTheSame_AfterADaemonRestart()
    {
        (await Docker("volume", "create", "--label", "team=db", "labelled")).AssertSuccess();
        var id = await _host.CreateAsync("--name", "user", "-v", "/anon", "-v", "labelled:/l", Image, "sh", "-c", "ls /l; touch /l/again");
        await _host.OutputOfAsync("-v", "labelled:/l", Image, "touch", "/l/before-restart");
        var listed = (await Docker("volume", "ls", "--format", "{{.Name}} {{.Labels}}")).AssertSuccess().Stdout;
        var inspected = (await Docker("volume", "inspect", "labelled")).AssertSuccess().Stdout;
        var mounts = await _host.FormatAsync(id, "{{json .Mounts}}");

        await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();

        Assert.Equal(listed, (await Docker("volume", "ls", "--format", "{{.Name}} {{.Labels}}")).AssertSuccess().Stdout);
        Assert.Equal(inspected, (await Docker("volume", "inspect", "labelled")).AssertSuccess().Stdout);
        Assert.Equal(mounts, await _host.FormatAsync(id, "{{json .Mounts}}"));
        Assert.Equal("labelled\n", (await Docker("volume", "ls", "-q", "--filter", "label=team=db", "--filter", "dangling=false")).AssertSuccess().Stdout);
        (await Docker("start", "-a", "user")).AssertSuccess();
        Assert.Equal("before-restart\n", (await Docker("logs", "user")).AssertSuccess().Stdout);
    }
}
