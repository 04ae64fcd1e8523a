using System.Globalization;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// The core container flows through Berth's own CLI (bin/berth) with real containers: run attached and detached,
/// logs, stop, rm, exec, ps, inspect, wait, start -a, rename, kill, create+start, the process options, and the
/// errors with their exit codes. Where it makes sense the same command is given to the docker CLI against the same
/// daemon and the outputs are compared (with "docker" read as "berth").
/// </summary>
public sealed class BerthCliContainerTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string Image = ContainerHost.Image;

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunRm_Echo_PrintsAndLeavesNothing()
    {
        var run = await Berth("run", "--rm", Image, "echo", "hi");
        AssertExit(0, run);
        Assert.Equal("hi\n", run.Stdout);
        Assert.Equal("", run.Stderr);
        Assert.Equal("", (await Berth("ps", "-aq")).AssertSuccess().Stdout);

        // The same with the short image name.
        var bare = await Berth("run", "--rm", "busybox", "echo", "hello", "world");
        AssertExit(0, bare);
        Assert.Equal("hello world\n", bare.Stdout);
    }

    [Fact]
    public async Task Run_ExitCodesPassThrough_StreamsStaySeparate_AndStdinIsPiped()
    {
        var run = await Berth("run", "--rm", Image, "sh", "-c", "echo to-out; echo to-err >&2; exit 5");
        AssertExit(5, run);
        Assert.Equal("to-out\n", run.Stdout);
        Assert.Equal("to-err\n", run.Stderr);
        await AssertSameAsDockerAsync("run", "--rm", Image, "sh", "-c", "echo to-out; echo to-err >&2; exit 5");

        var piped = await BerthWithInput("first\nsecond\n", "run", "-i", "--rm", Image, "sh", "-c", "cat; echo done");
        AssertExit(0, piped);
        Assert.Equal("first\nsecond\ndone\n", piped.Stdout);

        var notATty = await BerthWithInput("x\n", "run", "-it", "--rm", Image, "true");
        Assert.Equal(1, notATty.ExitCode);
        Assert.Contains("the input device is not a TTY", notATty.Stderr);
    }

    [Fact]
    public async Task Run_Tty_ThroughAPty()
    {
        var environment = new Dictionary<string, string>();
        var shell = await PtyRunner.RunAsync([RepoPaths.Berth, "-H", _host.Daemon.Host, "run", "-it", "--rm", Image, "sh"], environment,
        [
            new PtyStep("# ", "tty; echo hello-$((6*7))\n"),
            new PtyStep("hello-42", "stty size; exit 3\n"),
        ]);
        Assert.False(shell.TimedOut, "berth run -it did not end:\n" + shell.Output + "\n" + _host.LogTail());
        // The CLI's terminal is raw for the session, as docker's: the container's CRLF arrives as it is (no second CR
        // added by the local terminal) and what is typed is echoed by the container's terminal only, once.
        Assert.DoesNotContain("\r\r\n", shell.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(shell.Output, System.Text.RegularExpressions.Regex.Escape("tty; echo hello-$((6*7))")));
        Assert.Matches(@"/dev/pts/\d+\r\nhello-42\r\n", shell.Output);
        Assert.Contains("\r\n40 100\r\n", shell.Output);
        Assert.Equal(3, shell.ExitCode);
        Assert.Equal("", (await Berth("ps", "-aq")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task RunDetached_Logs_Stop_Rm()
    {
        var run = await Berth("run", "-d", "--name", "web", Image, "sh", "-c", "echo started; echo warning >&2; exec sleep 1000");
        AssertExit(0, run);
        Assert.Matches("^[0-9a-f]{64}\n$", run.Stdout);
        var id = run.Stdout.Trim();
        Assert.Equal("running", await _host.StatusAsync("web"));
        await _host.WaitForLogAsync(id, "warning");

        var logs = await Berth("logs", "web");
        AssertExit(0, logs);
        Assert.Equal("started\n", logs.Stdout);
        Assert.Equal("warning\n", logs.Stderr);
        await AssertSameAsDockerAsync("logs", "--tail", "1", "web");

        var stop = await Berth("stop", "-t", "1", "web");
        AssertExit(0, stop);
        Assert.Equal("web\n", stop.Stdout);
        Assert.Equal("exited 137", await _host.FormatAsync(id, "{{.State.Status}} {{.State.ExitCode}}"));

        // logs -f of an exited container prints everything and ends.
        var follow = await Berth("logs", "-f", "web");
        AssertExit(0, follow);
        Assert.Equal("started\n", follow.Stdout);

        var rm = await Berth("rm", "web");
        AssertExit(0, rm);
        Assert.Equal("web\n", rm.Stdout);
        Assert.Equal("", (await Berth("ps", "-aq")).AssertSuccess().Stdout);
        await AssertSameAsDockerAsync("rm", "web");
        await AssertSameAsDockerAsync("logs", "web");
    }

    [Fact]
    public async Task LogsFollow_EndsWhenTheContainerExits()
    {
        var id = await _host.RunDetachedAsync("--name", "counter", Image, "sh", "-c", "for i in 1 2 3 4 5; do echo line $i; sleep 0.3; done");
        var follow = await Berth("logs", "-f", "counter");
        AssertExit(0, follow);
        Assert.Equal("line 1\nline 2\nline 3\nline 4\nline 5\n", follow.Stdout);
        Assert.Equal("exited", await _host.StatusAsync(id));
    }

    [Fact]
    public async Task Exec_ExitCode_Stdin_User_Env_Workdir_Detach_AndMissingCommand()
    {
        await _host.RunDetachedAsync("--name", "box", "-e", "FROM_RUN=1", Image, "sleep", "1000");

        var streams = await Berth("exec", "box", "sh", "-c", "echo out; echo err >&2; exit 4");
        AssertExit(4, streams);
        Assert.Equal("out\n", streams.Stdout);
        Assert.Equal("err\n", streams.Stderr);
        await AssertSameAsDockerAsync("exec", "box", "sh", "-c", "echo out; echo err >&2; exit 4");

        var stdin = await BerthWithInput("piped in\nsecond\n", "exec", "-i", "box", "sh", "-c", "cat; echo eof");
        AssertExit(0, stdin);
        Assert.Equal("piped in\nsecond\neof\n", stdin.Stdout);

        Assert.Equal("uid=65534(nobody) gid=65534(nogroup)", (await Berth("exec", "-u", "nobody", "box", "id")).AssertSuccess().Stdout.Trim().Split(" groups=")[0]);
        Assert.Equal("bar 1\n", (await Berth("exec", "-e", "FOO=bar", "box", "sh", "-c", "echo $FOO $FROM_RUN")).AssertSuccess().Stdout);
        Assert.Equal("/tmp\n", (await Berth("exec", "-w", "/tmp", "box", "pwd")).AssertSuccess().Stdout);

        var detached = await Berth("exec", "-d", "box", "sh", "-c", "echo later > /tmp/detached");
        AssertExit(0, detached);
        Assert.Equal("", detached.Stdout);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var content = "";
        while (DateTime.UtcNow < deadline && content != "later\n")
        {
            content = (await Berth("exec", "box", "sh", "-c", "cat /tmp/detached 2>/dev/null || true")).Stdout;
            if (content != "later\n") await Task.Delay(100);
        }
        Assert.Equal("later\n", content);

        var missing = await Berth("exec", "box", "nosuchcommand");
        AssertExit(127, missing);
        Assert.Contains("executable file not found", missing.Stderr);
        await AssertSameAsDockerAsync("exec", "box", "nosuchcommand");
        var notExecutable = await Berth("exec", "box", "/etc/passwd");
        AssertExit(126, notExecutable);
        await AssertSameAsDockerAsync("exec", "box", "/etc/passwd");
        await AssertSameAsDockerAsync("exec", "nosuch", "true");
    }

    [Fact]
    public async Task Ps_All_Quiet_AndFormats_MatchDocker()
    {
        var running = await _host.RunDetachedAsync("--name", "runner", Image, "sleep", "1000");
        var exited = await _host.RunDetachedAsync("--name", "quitter", Image, "sh", "-c", "exit 2");
        Assert.Equal(2, await _host.WaitAsync(exited));

        var table = (await Berth("ps")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, table.Length);
        Assert.Matches(@"^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$", table[0]);
        Assert.Matches($@"^{running[..12]}\s+busybox:latest\s+""sleep 1000""\s+.+ ago\s+Up .+\s+runner$", table[1]);
        var allTable = (await Berth("ps", "-a")).AssertSuccess().Stdout;
        Assert.Matches($@"\n{exited[..12]}\s+busybox:latest\s+"".+""\s+.+ ago\s+Exited \(2\) .+ ago\s+quitter\n", allTable);

        Assert.Equal($"{running[..12]}\n", (await Berth("ps", "-q")).AssertSuccess().Stdout);
        await AssertSameAsDockerAsync("ps", "-q");
        await AssertSameAsDockerAsync("ps", "-aq");
        await AssertSameAsDockerAsync("ps", "-a", "-q", "--no-trunc");
        await AssertSameAsDockerAsync("ps", "-a", "--format", "{{.ID}} {{.Image}} {{.Command}} {{.State}} {{.Names}} {{.Ports}}");
        await AssertSameAsDockerAsync("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Command}}");
        await AssertSameAsDockerAsync("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}");
        await AssertSameAsDockerAsync("ps", "--filter", "name=runner", "-q");
        await AssertSameAsDockerAsync("ps", "-a", "--format", "{{json .Names}}");
        await AssertSameAsDockerAsync("ps", "-n", "1", "--format", "{{.Names}}");
    }

    [Fact]
    public async Task Inspect_Format_MatchesDocker()
    {
        var id = await _host.RunDetachedAsync("--name", "looked-at", "-e", "COLOR=blue", Image, "sleep", "1000");
        var inspect = await Berth("inspect", "looked-at");
        AssertExit(0, inspect);
        using (var document = JsonDocument.Parse(inspect.Stdout))
        {
            var container = document.RootElement[0];
            Assert.Equal(id, container.GetProperty("Id").GetString());
            Assert.Equal("/looked-at", container.GetProperty("Name").GetString());
            Assert.Equal("running", container.GetProperty("State").GetProperty("Status").GetString());
        }
        using (var mine = JsonDocument.Parse(inspect.Stdout))
        using (var docker = JsonDocument.Parse((await Docker("inspect", "looked-at")).AssertSuccess().Stdout))
        {
            Assert.Equal(docker.RootElement[0].GetProperty("Config").GetRawText(), mine.RootElement[0].GetProperty("Config").GetRawText());
            Assert.Equal(docker.RootElement[0].GetProperty("State").GetRawText(), mine.RootElement[0].GetProperty("State").GetRawText());
        }

        var format = await Berth("inspect", "--format", "{{.Name}} {{.State.Status}} {{.State.Running}} {{json .Config.Cmd}}", "looked-at");
        AssertExit(0, format);
        Assert.Equal("/looked-at running true [\"sleep\",\"1000\"]\n", format.Stdout);
        await AssertSameAsDockerAsync("inspect", "--format", "{{.Name}} {{.State.Status}} {{.State.Running}} {{json .Config.Cmd}}", "looked-at");
        await AssertSameAsDockerAsync("inspect", "-f", "{{.Id}} {{.Config.Image}} {{.Path}} {{.Args}} {{.State.Pid}}", id[..12]);
        await AssertSameAsDockerAsync("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", "looked-at");
        await AssertSameAsDockerAsync("container", "inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.Config.Hostname}}", "looked-at");
        await AssertSameAsDockerAsync("inspect", "-f", "{{.Name}}", "looked-at", "nosuch");
        await AssertSameAsDockerAsync("inspect", "--type", "container", "nosuch");
    }

    [Fact]
    public async Task Wait_PrintsTheExitCode()
    {
        var id = await _host.RunDetachedAsync(Image, "sh", "-c", "sleep 1; exit 9");
        var wait = await Berth("wait", id);
        AssertExit(0, wait);
        Assert.Equal("9\n", wait.Stdout);
        var other = await _host.RunDetachedAsync(Image, "true");
        Assert.Equal("9\n0\n", (await Berth("wait", id[..12], other)).AssertSuccess().Stdout);
        await AssertSameAsDockerAsync("wait", id, other);
        await AssertSameAsDockerAsync("wait", "nosuch");
    }

    [Fact]
    public async Task Create_ThenStart_AndStartAttached()
    {
        var create = await Berth("create", "--name", "later", Image, "sh", "-c", "echo created-output; echo err-output >&2; exit 4");
        AssertExit(0, create);
        Assert.Matches("^[0-9a-f]{64}\n$", create.Stdout);
        var id = create.Stdout.Trim();
        Assert.Equal("created", await _host.StatusAsync(id));
        Assert.Equal("later Created\n", (await Berth("ps", "-a", "--format", "{{.Names}} {{.Status}}")).AssertSuccess().Stdout);

        var start = await Berth("start", "later");
        AssertExit(0, start);
        Assert.Equal("later\n", start.Stdout);
        Assert.Equal("4\n", (await Berth("wait", "later")).AssertSuccess().Stdout);
        Assert.Equal("created-output\n", (await Berth("logs", "later")).AssertSuccess().Stdout);

        // start -a: the output of this run on the CLI's streams, and its exit code.
        var attached = await Berth("start", "-a", "later");
        AssertExit(4, attached);
        Assert.Equal("created-output\n", attached.Stdout);
        Assert.Equal("err-output\n", attached.Stderr);
        Assert.Equal("created-output\ncreated-output\n", (await Berth("logs", "later")).AssertSuccess().Stdout);

        // start -ai with stdin on a container created with -i.
        AssertExit(0, await Berth("create", "-i", "--name", "reader", Image, "sh", "-c", "read line; echo got $line"));
        var interactive = await BerthWithInput("input-line\n", "start", "-ai", "reader");
        AssertExit(0, interactive);
        Assert.Equal("got input-line\n", interactive.Stdout);

        await AssertSameAsDockerAsync("start", "nosuch");
    }

    [Fact]
    public async Task Rename_AndItsConflict_MatchDocker()
    {
        var id = await _host.RunDetachedAsync("--name", "first", Image, "sleep", "1000");
        await _host.CreateAsync("--name", "taken", Image);
        var rename = await Berth("rename", "first", "second");
        AssertExit(0, rename);
        Assert.Equal("", rename.Stdout);
        Assert.Equal("/second", await _host.FormatAsync(id, "{{.Name}}"));
        Assert.Equal("running", await _host.StatusAsync("second"));

        var conflict = await Berth("rename", "second", "taken");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("The container name \"/taken\" is already in use", conflict.Stderr);
        await AssertSameAsDockerAsync("rename", "second", "taken");
        await AssertSameAsDockerAsync("rename", "nosuch", "other");
        Assert.Equal("/second", await _host.FormatAsync(id, "{{.Name}}"));
    }

    [Fact]
    public async Task Kill_DefaultAndSignal_AndAStoppedContainer()
    {
        var trapper = await _host.RunDetachedAsync("--name", "trapper", Image, "sh", "-c", "trap 'echo got-hup' HUP; echo ready; while true; do sleep 0.1; done");
        await _host.WaitForLogAsync(trapper, "ready");
        var hup = await Berth("kill", "-s", "HUP", "trapper");
        AssertExit(0, hup);
        Assert.Equal("trapper\n", hup.Stdout);
        await _host.WaitForLogAsync(trapper, "got-hup");
        Assert.Equal("running", await _host.StatusAsync(trapper));

        var kill = await Berth("kill", "trapper");
        AssertExit(0, kill);
        Assert.Equal("trapper\n", kill.Stdout);
        Assert.Equal("137\n", (await Berth("wait", "trapper")).AssertSuccess().Stdout);
        Assert.Equal("exited 137", await _host.FormatAsync(trapper, "{{.State.Status}} {{.State.ExitCode}}"));

        var again = await Berth("kill", "trapper");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not running", again.Stderr);
        await AssertSameAsDockerAsync("kill", "trapper");
        await AssertSameAsDockerAsync("kill", "nosuch");
    }

    [Fact]
    public async Task Run_Env_EnvFile_Workdir_User()
    {
        var envFile = _host.Dirs.Combine("app.env");
        await File.WriteAllTextAsync(envFile, "# comment\nFROM_FILE=file value\nOVERRIDDEN=file\n");
        var run = await Berth("run", "--rm", "-e", "A=1", "--env-file", envFile, "-e", "OVERRIDDEN=flag", "-w", "/work/dir", "-u", "nobody", Image,
            "sh", "-c", "echo \"$A|$FROM_FILE|$OVERRIDDEN\"; pwd; id -u; id -g");
        AssertExit(0, run);
        Assert.Equal("1|file value|flag\n/work/dir\n65534\n65534\n", run.Stdout);
        await AssertSameAsDockerAsync("run", "--rm", "-e", "A=1", "--env-file", envFile, "-e", "OVERRIDDEN=flag", "-w", "/work/dir", "-u", "nobody", Image,
            "sh", "-c", "echo \"$A|$FROM_FILE|$OVERRIDDEN\"; pwd; id -u; id -g");

        Assert.Equal("uid=1234 gid=5678\n", (await Berth("run", "--rm", "--user", "1234:5678", Image, "sh", "-c", "echo uid=$(id -u) gid=$(id -g)")).AssertSuccess().Stdout);
        var missingFile = await Berth("run", "--rm", "--env-file", _host.Dirs.Combine("nosuch.env"), Image, "true");
        Assert.Equal(125, missingFile.ExitCode);
        Assert.Contains("nosuch.env", missingFile.Stderr);
    }

    [Fact]
    public async Task NameConflicts_AreWordedAsDockers()
    {
        var id = await _host.CreateAsync("--name", "taken", Image);
        var run = await Berth("run", "--name", "taken", Image, "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Equal(
            $"berth: Error response from daemon: Conflict. The container name \"/taken\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'berth run --help' for more information\n",
            run.Stderr);
        Assert.Equal("", run.Stdout);
        await AssertSameAsDockerAsync("run", "--name", "taken", Image, "true");
        await AssertSameAsDockerAsync("create", "--name", "taken", Image, "true");
        await AssertSameAsDockerAsync("run", "-d", "--name", "taken", Image, "true");
        Assert.Equal($"{id}\n", (await Berth("ps", "-aq", "--no-trunc")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task ErrorExitCodes_127_126_125_MatchDocker()
    {
        var missing = await Berth("run", "--rm", Image, "nonexistent");
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("executable file not found", missing.Stderr);
        Assert.Contains("Run 'berth run --help' for more information", missing.Stderr);
        await AssertSameAsDockerAsync("run", "--rm", Image, "nonexistent");

        var notExecutable = await Berth("run", "--rm", Image, "/etc/passwd");
        Assert.Equal(126, notExecutable.ExitCode);
        await AssertSameAsDockerAsync("run", "--rm", Image, "/etc/passwd");
        Assert.Equal("", (await Berth("ps", "-aq")).AssertSuccess().Stdout);

        // Engine errors in run (a bad option value, a daemon refusal) are 125.
        var badRestart = await Berth("run", "--restart", "sometimes", Image, "true");
        Assert.Equal(125, badRestart.ExitCode);
        var stopped = await Berth("run", "-d", "--name", "dup", Image, "true");
        AssertExit(0, stopped);
        Assert.Equal(125, (await Berth("run", "--name", "dup", Image, "true")).ExitCode);
    }

    [Fact]
    public async Task Run_UnknownFlag_Is125_WordedAsDockers()
    {
        var flag = await Berth("run", "--no-such-flag", Image, "true");
        Assert.Equal(125, flag.ExitCode);
        Assert.Contains("unknown flag: --no-such-flag", flag.Stderr);
        await AssertSameAsDockerAsync("run", "--no-such-flag", Image, "true");
    }

    [Fact]
    public async Task Ps_Command_QuotesArgumentsWithSpaces_AsDockerd()
    {
        // dockerd's list puts an argument holding a space in single quotes: sh -c 'exit 2'; ps then quotes the whole.
        var id = await _host.RunDetachedAsync("--name", "quoted", Image, "sh", "-c", "exit 2");
        Assert.Equal(2, await _host.WaitAsync(id));
        Assert.Equal("\"sh -c 'exit 2'\"\n", (await Berth("ps", "-a", "--format", "{{.Command}}")).AssertSuccess().Stdout);
        Assert.Equal("\"sh -c 'exit 2'\"\n", (await Docker("ps", "-a", "--format", "{{.Command}}")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Run_UnknownImage_SaysItIsNotFound()
    {
        var run = await Berth("run", "--rm", "nosuch-image", "true");
        Assert.Equal(125, run.ExitCode);
        Assert.StartsWith("Unable to find image 'nosuch-image:latest' locally\n", run.Stderr);
        // The pull that follows fails: Docker Hub refuses the name, or (offline) cannot be reached.
        Assert.Contains("Error response from daemon: ", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal("", (await Berth("ps", "-aq")).AssertSuccess().Stdout);

        // docker create exits 1 here (only run maps daemon errors to 125).
        var tagged = await Berth("create", "busybox:nosuchtag");
        Assert.Equal(1, tagged.ExitCode);
        Assert.Contains("Error response from daemon: ", tagged.Stderr);
        Assert.StartsWith("Unable to find image 'busybox:nosuchtag' locally\n", tagged.Stderr);
    }

    private Task<ProcessResult> Berth(params string[] args) => _host.Daemon.BerthAsync(args);

    private Task<ProcessResult> Docker(params string[] args) => _host.Daemon.DockerAsync(args);

    private async Task<ProcessResult> BerthWithInput(string input, params string[] args)
    {
        var file = _host.Dirs.Combine($"stdin-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, input);
        return await _host.Daemon.BerthWithInputAsync(file, args);
    }

    /// <summary>
    /// Gives the same command to docker and to berth (docker first) and asserts the same exit code, stdout and
    /// stderr, with "docker" in docker's output read as "berth". Only for commands whose second run sees the same
    /// state as the first.
    /// </summary>
    private async Task AssertSameAsDockerAsync(params string[] args)
    {
        var docker = await Docker(args);
        var berth = await Berth(args);
        var command = string.Join(' ', args);
        Assert.True(docker.ExitCode == berth.ExitCode, $"{command}: berth exited {berth.ExitCode}, docker {docker.ExitCode}\nberth stderr: {berth.Stderr}\ndocker stderr: {docker.Stderr}");
        Assert.True(AsBerth(docker.Stdout) == berth.Stdout, $"{command}: stdout differs\n--- docker ---\n{docker.Stdout}\n--- berth ---\n{berth.Stdout}");
        Assert.True(AsBerth(docker.Stderr) == berth.Stderr, $"{command}: stderr differs\n--- docker ---\n{docker.Stderr}\n--- berth ---\n{berth.Stderr}");
    }

    private static string AsBerth(string dockerOutput) => dockerOutput.Replace("docker", "berth", StringComparison.Ordinal);

    private void AssertExit(int expected, ProcessResult result) =>
        Assert.True(result.ExitCode == expected,
            $"exit {result.ExitCode}, not {expected}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\n--- daemon log tail ---\n{_host.LogTail()}");
}
