using Berth.Oci;
using Berth.Runtime.Conmon;
using Xunit.Abstractions;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>
/// Exec through conmon in real running containers, with runc and with crun: attached output, exit codes as
/// <c>docker exec</c> gives them, terminals, stdin, and the container's namespaces.
/// </summary>
public sealed class ExecTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_Echo_Attached_PrintsAndExitsZero(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["echo", "hi"]) with { Attach = true };
        var handle = await scratch.ExecAsync(supervisor, launch);
        await using var attach = handle.Attach!;

        Assert.Equal(("hi\n", ""), await AttachOutput.ReadToEndAsync(attach));
        Assert.Equal(0, await supervisor.WaitExecAsync(launch.ExecId, launch.PersistDir).WaitAsync(AttachOutput.Timeout));
        Assert.Equal(launch.ExecId, handle.ExecId);
        Assert.True(handle.Pid > 0 && handle.ConmonPid > 0 && handle.Pid != handle.ConmonPid);
        // The session is over: its attach link is gone, the container runs on.
        Assert.False(Path.Exists(Path.Combine(scratch.Options.SocketDir, launch.ExecId)));
        Assert.Null(await supervisor.ReadExitCodeAsync(container.Id, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_ExitCode_IsTheProcesss(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["sh", "-c", "echo bye >&2; exit 7"]) with { Attach = true };
        await using var attach = (await scratch.ExecAsync(supervisor, launch)).Attach!;

        Assert.Equal(("", "bye\n"), await AttachOutput.ReadToEndAsync(attach));
        Assert.Equal(7, await supervisor.ReadExecExitCodeAsync(launch.ExecId, launch.PersistDir, AttachOutput.Timeout));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_MissingCommand_Is127WithTheRuntimesMessage(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["no-such-command"]) with { Attach = true };
        var e = await Assert.ThrowsAsync<BerthException>(() => scratch.ExecAsync(supervisor, launch));
        output.WriteLine(e.Message);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("OCI runtime exec failed: ", e.Message);
        Assert.Contains("no-such-command", e.Message);
        Assert.Contains("not found", e.Message);
        Assert.DoesNotContain("{", e.Message);
        Assert.Equal(127, await supervisor.ReadExecExitCodeAsync(launch.ExecId, launch.PersistDir, TimeSpan.Zero));
        Assert.False(Path.Exists(Path.Combine(scratch.Options.SocketDir, launch.ExecId)), "the failed session's attach link stayed");
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_Directory_Is126(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["/bin"]);
        var e = await Assert.ThrowsAsync<BerthException>(() => scratch.ExecAsync(supervisor, launch));
        output.WriteLine(e.Message);

        Assert.Equal(126, await supervisor.ReadExecExitCodeAsync(launch.ExecId, launch.PersistDir, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_Tty_RunsOnATerminal(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["sh", "-c", "[ -t 0 ] && [ -t 1 ] && echo on a tty"]) with { Attach = true, Tty = true };
        await using var attach = (await scratch.ExecAsync(supervisor, launch)).Attach!;

        Assert.Equal(("on a tty\r\n", ""), await AttachOutput.ReadToEndAsync(attach));
        Assert.Equal(0, await supervisor.ReadExecExitCodeAsync(launch.ExecId, launch.PersistDir, AttachOutput.Timeout));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_Tty_Resize_ReachesTheSessionsTerminal(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["sh", "-c", "while read line; do stty size; done"]) with { Attach = true, Tty = true, OpenStdin = true };
        await using var attach = (await scratch.ExecAsync(supervisor, launch)).Attach!;

        await ConmonControl.ResizeAsync(launch.PersistDir, 33, 99);
        // conmon applies the size from its event loop: ask until the answer shows it.
        using var deadline = new CancellationTokenSource(AttachOutput.Timeout);
        var seen = "";
        while (!seen.Contains("33 99\r\n", StringComparison.Ordinal))
        {
            await attach.WriteStdinAsync("\n"u8.ToArray(), deadline.Token);
            var frame = await attach.ReadAsync(deadline.Token);
            Assert.NotNull(frame);
            seen += System.Text.Encoding.UTF8.GetString(frame.Data.Span);
        }
        // On a terminal, end of input is the line discipline's EOF character (^D), not the end of the connection.
        await attach.WriteStdinAsync("\u0004"u8.ToArray());
        Assert.Equal(0, await supervisor.ReadExecExitCodeAsync(launch.ExecId, launch.PersistDir, AttachOutput.Timeout));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_OpenStdin_ReadsWhatIsTyped_AndEndsAtCloseStdin(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["sh", "-c", "read line; echo \"got $line\"; cat; echo eof"]) with { Attach = true, OpenStdin = true };
        await using var attach = (await scratch.ExecAsync(supervisor, launch)).Attach!;

        await attach.WriteStdinAsync("one\n"u8.ToArray());
        Assert.Equal("got one\n", await AttachOutput.ReadUntilAsync(attach, "got one\n"));
        await attach.WriteStdinAsync("two\n"u8.ToArray());
        attach.CloseStdin();

        Assert.Equal(("two\neof\n", ""), await AttachOutput.ReadToEndAsync(attach));
        Assert.Equal(0, await supervisor.ReadExecExitCodeAsync(launch.ExecId, launch.PersistDir, AttachOutput.Timeout));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Exec_SharesTheContainersPidNamespace(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["cat", "/proc/1/cmdline"]) with { Attach = true };
        await using var attach = (await scratch.ExecAsync(supervisor, launch)).Attach!;

        var (stdout, _) = await AttachOutput.ReadToEndAsync(attach);
        Assert.Equal("/bin/sleep 30", stdout.Replace('\0', ' ').Trim());
    }

    [Fact]
    public async Task Exec_Detached_OutputGoesToItsLog()
    {
        await using var scratch = new ConmonScratch();
        var (supervisor, container) = await RunningAsync(scratch);

        var launch = scratch.Exec(container, ["sh", "-c", "echo to the log; echo also >&2"]);
        launch = launch with { LogPath = Path.Combine(launch.PersistDir, "exec.log") };
        await scratch.ExecAsync(supervisor, launch);

        Assert.Equal(0, await supervisor.WaitExecAsync(launch.ExecId, launch.PersistDir).WaitAsync(AttachOutput.Timeout));
        var records = await KubeLogReader.ReadAsync(launch.LogPath).ToListAsync();
        Assert.Equal([(LogStream.Stdout, "to the log"), (LogStream.Stderr, "also")], records.Select(r => (r.Stream, r.Text)).OrderBy(r => r.Stream));
    }

    [Fact]
    public async Task Exec_UnknownContainer_IsNotFound()
    {
        await using var scratch = new ConmonScratch();
        var supervisor = scratch.NewSupervisor();
        var container = scratch.Bundle(["/bin/sleep", "30"]);

        var e = await Assert.ThrowsAsync<BerthException>(() => scratch.ExecAsync(supervisor, scratch.Exec(container, ["echo"])));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    /// <summary>A started <c>sleep 30</c>: an init that does nothing, for execs to join.</summary>
    private static async Task<(ConmonSupervisor Supervisor, ContainerLaunch Container)> RunningAsync(ConmonScratch scratch)
    {
        var supervisor = scratch.NewSupervisor();
        var container = scratch.Bundle(["/bin/sleep", "30"]);
        await scratch.CreateAsync(supervisor, container);
        await supervisor.StartAsync(container.Id);
        return (supervisor, container);
    }
}
