using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>Resource limits that the kernel enforces on a real container: memory (OOM kill), pids, rlimits, /dev/shm.</summary>
public sealed class ContainerResourceTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Memory32m_AllocatingMoreThan64MB_IsOomKilled_With137()
    {
        // The shell keeps the command substitution's output in its own memory: ~70 MB in a 32 MB cgroup.
        // (The "oom" file conmon drops in berthd's working directory is another test's subject: removed here.)
        var cwd = new DirectoryInfo($"/proc/{_host.Daemon.Process.Id}/cwd").LinkTarget!;
        var hadStray = File.Exists(Path.Combine(cwd, "oom"));
        var run = await _host.RunAsync("--memory", "32m", ContainerHost.Image, "sh", "-c", "x=$(head -c 70000000 /dev/zero | tr '\\0' a); echo done ${#x}");
        Assert.Equal(137, run.ExitCode);
        Assert.DoesNotContain("done", run.Stdout);
        var state = (await _host.InspectAsync(run.Id)).GetProperty("State");
        Assert.True(state.GetProperty("OOMKilled").GetBoolean(), "State.OOMKilled is false\n" + state);
        Assert.Equal(137, state.GetProperty("ExitCode").GetInt32());
        Assert.Equal(32L * 1024 * 1024, (await _host.InspectAsync(run.Id)).GetProperty("HostConfig").GetProperty("Memory").GetInt64());
        if (!hadStray) File.Delete(Path.Combine(cwd, "oom"));
    }

    [Fact]
    public async Task AnOomKill_LeavesNoFileInTheDaemonsWorkingDirectory()
    {
        // conmon writes a file named "oom" into its working directory when it sees the kill; that must be a
        // directory of the container's, not whatever directory berthd was started from.
        var strayOom = $"/proc/{_host.Daemon.Process.Id}/cwd/oom";
        File.Delete(strayOom);
        var run = await _host.RunAsync("--memory", "32m", ContainerHost.Image, "sh", "-c", "x=$(head -c 70000000 /dev/zero | tr '\\0' a); echo done ${#x}");
        Assert.Equal(137, run.ExitCode);
        var cwd = new DirectoryInfo($"/proc/{_host.Daemon.Process.Id}/cwd").LinkTarget;
        var leftOver = File.Exists(strayOom);
        File.Delete(strayOom);
        Assert.False(leftOver, $"conmon left a file \"oom\" in berthd's working directory {cwd}");
    }

    [Fact]
    public async Task Memory_LimitIsInTheCgroup_AndAnExitWithinItIsNotOom()
    {
        var id = await _host.RunDetachedAsync("--memory", "32m", ContainerHost.Image, "sh", "-c", "x=$(head -c 1000000 /dev/zero | tr '\\0' a); echo ok ${#x}; sleep 1000");
        await _host.WaitForLogAsync(id, "ok 1000000");
        var limit = HostCgroups.File(id, "memory", "memory.limit_in_bytes") ?? HostCgroups.File(id, "memory", "memory.max");
        Assert.NotNull(limit);
        Assert.Equal("33554432", File.ReadAllText(limit).Trim());
        (await _host.DockerAsync("kill", id)).AssertSuccess();
        Assert.Equal(137, await _host.WaitAsync(id));
        Assert.Equal("false", await _host.FormatAsync(id, "{{.State.OOMKilled}}"));
    }

    [Fact]
    public async Task PidsLimit20_StopsSpawning50Processes_AndTheContainerSurvives()
    {
        // The subshell dies when a fork fails; the container's shell then replaces itself (no fork needed).
        var id = await _host.RunDetachedAsync("--pids-limit", "20", ContainerHost.Image, "sh", "-c",
            "(for i in $(seq 1 50); do sleep 300 & done); echo spawner=$?; exec sleep 300");
        await _host.WaitForLogAsync(id, "spawner=");
        var logs = (await _host.DockerAsync("logs", id)).AssertSuccess();
        Assert.Contains("can't fork", logs.Stderr);
        Assert.DoesNotContain("spawner=0", logs.Stdout);

        var max = HostCgroups.File(id, "pids", "pids.max");
        var current = HostCgroups.File(id, "pids", "pids.current");
        Assert.NotNull(max);
        Assert.NotNull(current);
        Assert.Equal("20", File.ReadAllText(max).Trim());
        Assert.InRange(int.Parse(File.ReadAllText(current).Trim()), 2, 20);
        Assert.Equal("running", await _host.StatusAsync(id));
        Assert.Equal(20L, (await _host.InspectAsync(id)).GetProperty("HostConfig").GetProperty("PidsLimit").GetInt64());

        (await _host.DockerAsync("rm", "-f", id)).AssertSuccess();
        Assert.Empty(HostCgroups.Of(id));
    }

    [Fact]
    public async Task Ulimit_And_ShmSize_AreApplied()
    {
        var output = await _host.OutputOfAsync("--ulimit", "nofile=100:200", "--shm-size", "128m", ContainerHost.Image, "sh", "-c",
            "grep 'Max open files' /proc/self/limits; ulimit -n; grep ' /dev/shm ' /proc/mounts");
        Assert.Matches(@"Max open files\s+100\s+200\s+files", output);
        Assert.Contains("\n100\n", output);
        Assert.Contains("size=131072k", output);

        var defaults = await _host.OutputOfAsync(ContainerHost.Image, "grep", " /dev/shm ", "/proc/mounts");
        Assert.Contains("size=65536k", defaults);
    }
}
