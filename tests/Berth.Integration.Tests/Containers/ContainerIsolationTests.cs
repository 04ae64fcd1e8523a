using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// What a process inside a container sees: its own PID namespace, hostname and /etc files, its own writable
/// layer, and Docker's default confinement (no mount, no modules, masked /proc files) unless privileged.
/// Real containers under crun and conmon, started with the docker CLI.
/// </summary>
public sealed class ContainerIsolationTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Process_IsPid1_AndSeesNoneOfTheHostsProcesses()
    {
        var output = await _host.OutputOfAsync(ContainerHost.Image, "sh", "-c", "echo self=$$; ps -o pid,comm; echo procs=$(ls /proc | grep -cE '^[0-9]+$')");
        Assert.Contains("self=1\n", output);
        var rows = output.Split('\n').SkipWhile(l => !l.StartsWith("PID", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("procs=", StringComparison.Ordinal)).ToList();
        // The shell, ps (and the subshell of the $(...) that is still to come): nothing of the host.
        Assert.True(rows.Count <= 3, "the container sees more processes than its own:\n" + output);
        Assert.Matches(@"^\s*1 sh$", rows[0]);
        Assert.DoesNotContain("berthd", output);
        Assert.DoesNotContain("conmon", output);
        var procs = int.Parse(output.Split("procs=")[1].Trim());
        Assert.InRange(procs, 1, 4);
    }

    [Fact]
    public async Task Hostname_IsTheShortIdByDefault_OrTheOneGiven_AndEtcFilesArePresent()
    {
        var run = await _host.RunAsync(ContainerHost.Image, "sh", "-c", "hostname; cat /etc/hostname; echo HOSTNAME=$HOSTNAME; cat /etc/hosts; cat /etc/resolv.conf");
        Assert.Equal(0, run.ExitCode);
        var shortId = run.Id[..12];
        var lines = run.Stdout.Split('\n');
        Assert.Equal(shortId, lines[0]);
        Assert.Equal(shortId, lines[1]);
        Assert.Equal("HOSTNAME=" + shortId, lines[2]);
        Assert.Contains("127.0.0.1\tlocalhost", run.Stdout);
        Assert.Matches(@"(?m)^nameserver \S+$", run.Stdout);
        Assert.Equal(shortId, await _host.FormatAsync(run.Id, "{{.Config.Hostname}}"));
        Assert.NotEqual(Environment.MachineName, lines[0]);

        var named = await _host.RunAsync("--hostname", "box-one", "--add-host", "db.example:10.1.2.3", ContainerHost.Image, "sh", "-c", "hostname; cat /etc/hostname; cat /etc/hosts");
        Assert.Equal(0, named.ExitCode);
        Assert.StartsWith("box-one\nbox-one\n", named.Stdout);
        Assert.Contains("10.1.2.3\tdb.example", named.Stdout);
        Assert.Equal("box-one", await _host.FormatAsync(named.Id, "{{.Config.Hostname}}"));
        // The UTS namespace is the container's own: the host's name did not change.
        Assert.Equal(Environment.MachineName, (await ProcessRunner.RunAsync("hostname", [])).Stdout.Trim());

        foreach (var (path, key) in new[] { ("hostname", "HostnamePath"), ("hosts", "HostsPath"), ("resolv.conf", "ResolvConfPath") })
        {
            var hostPath = await _host.FormatAsync(named.Id, "{{." + key + "}}");
            Assert.True(File.Exists(hostPath), $"{key} {hostPath} is missing");
            Assert.Equal(path, Path.GetFileName(hostPath));
        }
    }

    [Fact]
    public async Task AWrite_IsInvisibleToAnotherContainerOfTheSameImage_AndToTheImage_ButKeptForItsOwnNextRun()
    {
        const string script = "if [ -f /marker ]; then echo found:$(cat /marker); else echo first > /marker; echo wrote; fi; echo changed >> /etc/passwd";
        var writer = await _host.RunAsync("--name", "writer", ContainerHost.Image, "sh", "-c", script);
        Assert.Equal(0, writer.ExitCode);
        Assert.Equal("wrote\n", writer.Stdout);

        var other = await _host.OutputOfAsync(ContainerHost.Image, "sh", "-c", "ls /marker 2>&1; grep -c changed /etc/passwd; true");
        Assert.Contains("No such file or directory", other);
        Assert.EndsWith("0\n", other);

        // The writer's own layer keeps the write across a stop and start.
        (await _host.DockerAsync("start", "writer")).AssertSuccess();
        Assert.Equal(0, await _host.WaitAsync("writer"));
        Assert.Contains("found:first", (await _host.DockerAsync("logs", "writer")).AssertSuccess().Stdout);

        // Removing the writer leaves the image as it was.
        (await _host.DockerAsync("rm", "writer")).AssertSuccess();
        var fresh = await _host.OutputOfAsync(ContainerHost.Image, "sh", "-c", "ls /marker 2>&1; grep -c changed /etc/passwd; true");
        Assert.Contains("No such file or directory", fresh);
        Assert.EndsWith("0\n", fresh);
    }

    [Fact]
    public async Task Default_CannotMount_NorLoadModules_NorReadMaskedProcFiles()
    {
        var run = await _host.RunAsync(ContainerHost.Image, "sh", "-c",
            "mkdir /m; mount -t tmpfs none /m; echo mount=$?; head -c 64 /dev/urandom > /tmp/x.ko; insmod /tmp/x.ko; echo insmod=$?; " +
            "for f in /proc/kcore /proc/timer_list /proc/keys; do [ -e $f ] && echo $f=$(cat $f 2>/dev/null | wc -c); done; echo firmware=$(ls /sys/firmware | wc -l)");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("mount=1", run.Stdout);
        Assert.Contains("permission denied", run.Stderr);
        Assert.Contains("insmod=1", run.Stdout);
        Assert.Contains("Operation not permitted", run.Stderr);

        // The masked files that the host has (this kernel may lack /proc/kcore) read empty in the container.
        var masked = new[] { "/proc/kcore", "/proc/timer_list", "/proc/keys" }.Where(f => File.Exists(f)).ToList();
        Assert.NotEmpty(masked);
        foreach (var file in masked) Assert.Contains($"{file}=0\n", run.Stdout);
        Assert.Contains("firmware=0", run.Stdout);
    }

    [Fact]
    public async Task Privileged_CanMount_AndSeesUnmaskedProc()
    {
        var run = await _host.RunAsync("--privileged", ContainerHost.Image, "sh", "-c",
            "mkdir /m; mount -t tmpfs none /m && grep ' /m ' /proc/mounts; head -c 64 /dev/urandom > /tmp/x.ko; insmod /tmp/x.ko; echo timer=$(head -c 100 /proc/timer_list | wc -c); grep CapEff /proc/self/status");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("none /m tmpfs", run.Stdout);
        // insmod fails here too (garbage, or a kernel without modules), but not for want of permission.
        Assert.DoesNotContain("Operation not permitted", run.Stderr);
        Assert.Contains("timer=100", run.Stdout);
        // Every capability the host has (its bounding set), not Docker's default fourteen.
        var hostBounding = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal)).Split('\t')[1];
        Assert.Contains("CapEff:\t" + hostBounding, run.Stdout);
    }

    [Fact]
    public async Task ReadOnly_BlocksWritesOutsideTmpfs()
    {
        var run = await _host.RunAsync("--read-only", "--tmpfs", "/run", ContainerHost.Image, "sh", "-c",
            "touch /x; echo root=$?; touch /tmp/y; echo tmp=$?; touch /run/z; echo run=$?; echo hi > /run/z && cat /run/z; grep ' /run ' /proc/mounts");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("root=1", run.Stdout);
        Assert.Contains("tmp=1", run.Stdout);
        Assert.Contains("run=0", run.Stdout);
        Assert.Contains("hi\n", run.Stdout);
        Assert.Contains("Read-only file system", run.Stderr);
        Assert.Matches(@"tmpfs /run tmpfs rw", run.Stdout);
        Assert.Equal("true", await _host.FormatAsync(run.Id, "{{.HostConfig.ReadonlyRootfs}}"));
    }
}
