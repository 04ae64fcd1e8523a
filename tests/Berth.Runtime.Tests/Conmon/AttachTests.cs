using System.Text;
using Berth.Oci;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>Attach to real containers under conmon, with runc and with crun: output by stream, stdin, terminals.</summary>
public sealed class AttachTests
{
    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Attach_BeforeStart_GetsStdoutAndStderrApart(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var supervisor = scratch.NewSupervisor();
        var launch = scratch.Bundle(["/bin/sh", "-c", "echo out; echo err >&2"]);
        await scratch.CreateAsync(supervisor, launch);

        await using var attach = await AttachConnection.ConnectAsync(scratch.Options.SocketDir, launch.Id);
        await supervisor.StartAsync(launch.Id);
        var (stdout, stderr) = await AttachOutput.ReadToEndAsync(attach);

        Assert.Equal("out\n", stdout);
        Assert.Equal("err\n", stderr);
        Assert.Equal(0, await supervisor.ReadExitCodeAsync(launch.Id, AttachOutput.Timeout));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Attach_OpenStdin_ProcessReadsTypedLines_ThenEndOfFileAfterCloseStdin(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var supervisor = scratch.NewSupervisor();
        var launch = scratch.Bundle(["/bin/sh", "-c", "while read line; do echo \"got $line\"; done; echo eof"])
            with { OpenStdin = true, StdinOnce = true };
        await scratch.CreateAsync(supervisor, launch);
        await using var attach = await AttachConnection.ConnectAsync(scratch.Options.SocketDir, launch.Id);
        await supervisor.StartAsync(launch.Id);

        await attach.WriteStdinAsync("hello\n"u8.ToArray());
        Assert.Equal("got hello\n", await AttachOutput.ReadUntilAsync(attach, "got hello\n"));
        await attach.WriteStdinAsync("world\n"u8.ToArray());
        Assert.Equal("got world\n", await AttachOutput.ReadUntilAsync(attach, "got world\n"));

        attach.CloseStdin();
        var (stdout, _) = await AttachOutput.ReadToEndAsync(attach);
        Assert.Equal("eof\n", stdout);
        Assert.Equal(0, await supervisor.ReadExitCodeAsync(launch.Id, AttachOutput.Timeout));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Attach_OpenStdin_LargeInputArrivesWhole(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var supervisor = scratch.NewSupervisor();
        // wc is not in the rootfs: the shell counts the lines, each of 99 characters and a newline.
        var launch = scratch.Bundle(["/bin/sh", "-c", "n=0; while read line; do n=$((n+${#line}+1)); done; echo $n"])
            with { OpenStdin = true, StdinOnce = true };
        await scratch.CreateAsync(supervisor, launch);
        await using var attach = await AttachConnection.ConnectAsync(scratch.Options.SocketDir, launch.Id);
        await supervisor.StartAsync(launch.Id);

        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 2000)));
        await attach.WriteStdinAsync(input);
        attach.CloseStdin();

        var (stdout, _) = await AttachOutput.ReadToEndAsync(attach);
        Assert.Equal($"{input.Length}\n", stdout);
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Attach_Tty_OutputArrivesAsStdoutWithTerminalLineEnds(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var supervisor = scratch.NewSupervisor();
        var launch = scratch.Bundle(["/bin/sh", "-c", "[ -t 1 ] && echo on a tty; echo err >&2"], tty: true);
        await scratch.CreateAsync(supervisor, launch);
        await using var attach = await AttachConnection.ConnectAsync(scratch.Options.SocketDir, launch.Id);
        await supervisor.StartAsync(launch.Id);

        var (stdout, stderr) = await AttachOutput.ReadToEndAsync(attach);

        // One terminal carries both streams, and it turns \n into \r\n.
        Assert.Equal("on a tty\r\nerr\r\n", stdout);
        Assert.Equal("", stderr);
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Resize_Tty_ChangesWhatSttySizeSays(string runtime)
    {
        await using var scratch = await ConmonScratch.ForRuntimeAsync(runtime);
        var supervisor = scratch.NewSupervisor();
        var launch = scratch.Bundle(["/bin/sh", "-c", "while read line; do stty size; done"], tty: true) with { OpenStdin = true };
        await scratch.CreateAsync(supervisor, launch);
        await using var attach = await AttachConnection.ConnectAsync(scratch.Options.SocketDir, launch.Id);
        await supervisor.StartAsync(launch.Id);

        await ConmonControl.ResizeAsync(launch.BundlePath, 37, 111);
        // conmon applies the size from its event loop: ask until the answer shows it.
        using var deadline = new CancellationTokenSource(AttachOutput.Timeout);
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("37 111\r\n", StringComparison.Ordinal))
        {
            await attach.WriteStdinAsync("\n"u8.ToArray(), deadline.Token);
            var frame = await attach.ReadAsync(deadline.Token);
            Assert.NotNull(frame);
            seen.Append(Encoding.UTF8.GetString(frame.Data.Span));
        }

        await ConmonControl.ResizeAsync(launch.BundlePath, 50, 200);
        await attach.WriteStdinAsync("\n"u8.ToArray());
        Assert.Contains("50 200\r\n", await AttachOutput.ReadUntilAsync(attach, "50 200\r\n"));
    }

    [Fact]
    public async Task Resize_AfterConmonExited_FailsClearly()
    {
        await using var scratch = new ConmonScratch();
        var supervisor = scratch.NewSupervisor();
        var launch = scratch.Bundle(["/bin/sh", "-c", "exit 0"], tty: true);
        var handle = await scratch.CreateAsync(supervisor, launch);
        await supervisor.StartAsync(launch.Id);
        Assert.Equal(0, await supervisor.ReadExitCodeAsync(launch.Id, AttachOutput.Timeout));
        var deadline = DateTime.UtcNow + AttachOutput.Timeout;
        while (ConmonScratch.IsConmonAlive(handle.ConmonPid) && DateTime.UtcNow < deadline) await Task.Delay(20);

        var e = await Assert.ThrowsAsync<BerthException>(() => ConmonControl.ResizeAsync(launch.BundlePath, 24, 80));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Contains(Path.Combine(launch.BundlePath, "ctl"), e.Message);
    }

    [Fact]
    public async Task Connect_UnknownId_IsNotFoundAndSaysWhere()
    {
        await using var scratch = new ConmonScratch();

        var e = await Assert.ThrowsAsync<BerthException>(() => AttachConnection.ConnectAsync(scratch.Options.SocketDir, "no-such-container"));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("no-such-container", e.Message);
        Assert.Contains(Path.Combine(scratch.Options.SocketDir, "no-such-container", "attach"), e.Message);
    }

    [Fact]
    public async Task Connect_IdWithASlash_IsInvalid()
    {
        await using var scratch = new ConmonScratch();

        var e = await Assert.ThrowsAsync<BerthException>(() => AttachConnection.ConnectAsync(scratch.Options.SocketDir, "../x"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }
}
