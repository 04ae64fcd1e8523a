using Berth.Oci;
using Berth.Runtime.Conmon;
using Berth.Runtime.OciRuntimes;
using Xunit.Abstractions;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>Real containers: conmon runs runc's create, the supervisor starts them, exit files and logs come back.</summary>
public sealed class ConmonSupervisorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);
    private readonly ConmonScratch _scratch = new();

    [Fact]
    public async Task Run_Script_ExitCodeFromExitFile_OutputInLog()
    {
        var supervisor = _scratch.NewSupervisor();
        var launch = _scratch.Bundle(["/bin/sh", "-c", "echo hello; echo err >&2; exit 3"]);

        var handle = await _scratch.CreateAsync(supervisor, launch);
        var state = await _scratch.Runtime.StateAsync(launch.Id);
        Assert.Equal(OciStatus.Created, state.Status);
        Assert.Equal(handle.ContainerPid, state.Pid);
        Assert.Equal(launch.BundlePath, state.Bundle);

        await supervisor.StartAsync(launch.Id);
        Assert.Equal(3, await supervisor.ReadExitCodeAsync(launch.Id, ExitTimeout));
        Assert.Equal("3", File.ReadAllText(Path.Combine(launch.PersistDir, "exit")));
        Assert.Equal(OciStatus.Stopped, (await _scratch.Runtime.StateAsync(launch.Id)).Status);

        var records = await KubeLogReader.ReadAsync(launch.LogPath).ToListAsync();
        Assert.Equal(
            [(LogStream.Stdout, "hello", false), (LogStream.Stderr, "err", false)],
            records.Select(r => (r.Stream, r.Text, r.Partial)).OrderBy(r => r.Stream));
        Assert.All(records, r => Assert.InRange(r.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task Kill_Sigterm_ExitsWith143()
    {
        var supervisor = _scratch.NewSupervisor();
        // Outside a PID namespace sleep is no init, so SIGTERM's default action (death) applies.
        var launch = _scratch.Bundle(["/bin/sleep", "30"], pidNamespace: false);
        var handle = await _scratch.CreateAsync(supervisor, launch);
        await supervisor.StartAsync(launch.Id);

        var state = await _scratch.Runtime.StateAsync(launch.Id);
        Assert.Equal(OciStatus.Running, state.Status);
        Assert.Equal(handle.ContainerPid, state.Pid);
        Assert.Null(await supervisor.ReadExitCodeAsync(launch.Id, TimeSpan.Zero));

        await _scratch.Runtime.KillAsync(launch.Id, "TERM");
        Assert.Equal(143, await supervisor.ReadExitCodeAsync(launch.Id, ExitTimeout));
    }

    [Fact]
    public async Task Create_MissingProgram_FailsWithRuntimeMessage()
    {
        var supervisor = _scratch.NewSupervisor();
        var launch = _scratch.Bundle(["/bin/no-such-program"]);

        var e = await Assert.ThrowsAsync<BerthException>(() => _scratch.CreateAsync(supervisor, launch));
        output.WriteLine(e.Message);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("OCI runtime create failed: ", e.Message);
        Assert.Contains("/bin/no-such-program", e.Message);
        Assert.Contains("no such file or directory", e.Message);
        // No JSON or logrus wrapping: the runtime's own words.
        Assert.DoesNotContain("level=", e.Message);
        Assert.DoesNotContain("{", e.Message);
        Assert.Null(await supervisor.ReadExitCodeAsync(launch.Id, TimeSpan.Zero));
        Assert.False(Path.Exists(Path.Combine(_scratch.Options.SocketDir, launch.Id)), "the attach link outlived the failed create");
    }

    [Fact]
    public async Task Conmon_OutlivesItsSupervisor_ExitCodeReadByTheNextOne()
    {
        var launch = _scratch.Bundle(["/bin/sleep", "30"]);
        var first = _scratch.NewSupervisor();
        var handle = await _scratch.CreateAsync(first, launch);
        await first.StartAsync(launch.Id);

        // conmon double-forked: it is nobody's child here, so nothing that ends with this process ends it.
        Assert.True(ConmonScratch.IsConmonAlive(handle.ConmonPid));
        Assert.NotEqual(Environment.ProcessId, ConmonScratch.ParentOf(handle.ConmonPid));
        first = null;

        var next = _scratch.NewSupervisor();
        Assert.Null(await next.ReadExitCodeAsync(launch.Id, TimeSpan.Zero));
        var exit = next.WaitAsync(launch.Id);
        await _scratch.Runtime.KillAsync(launch.Id, "KILL");
        Assert.Equal(137, await exit.WaitAsync(ExitTimeout));
    }

    [Fact]
    public async Task Log_Follow_EndsWhenTheContainerExits()
    {
        var supervisor = _scratch.NewSupervisor();
        var launch = _scratch.Bundle(["/bin/sh", "-c", "echo one; sleep 0.5; printf two; sleep 0.3; echo ' three'"]);
        await _scratch.CreateAsync(supervisor, launch);
        await supervisor.StartAsync(launch.Id);

        var records = await KubeLogReader.ReadAsync(launch.LogPath, follow: true, stop: supervisor.WaitAsync(launch.Id))
            .ToListAsync().AsTask().WaitAsync(ExitTimeout);

        Assert.Equal([("one", false), ("two", true), (" three", false)], records.Select(r => (r.Text, r.Partial)));
        Assert.All(records, r => Assert.Equal(LogStream.Stdout, r.Stream));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _scratch.DisposeAsync().AsTask();
}
