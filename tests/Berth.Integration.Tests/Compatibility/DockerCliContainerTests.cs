using System.Globalization;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Compatibility;

/// <summary>
/// The real docker CLI (28.x on PATH) against berthd with real containers, end to end: attached and
/// interactive runs (pipes and a pty), exit codes, exec, logs -f, cp, inspect, commit, diff, export, top, stats,
/// events, rename, pause, attach, rmi conflicts and prune — what someone typing docker commands would see.
/// </summary>
public sealed class DockerCliContainerTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string Image = ContainerHost.Image;

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Run_Rm_Echo_PrintsAndLeavesNothing()
    {
        var run = await Docker("run", "--rm", Image, "echo", "hi");
        AssertExit(0, run);
        Assert.Equal("hi\n", run.Stdout);
        Assert.Equal("", run.Stderr);
        Assert.Equal("", (await Docker("ps", "-aq")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Run_ExitCodePassesThrough_AndStreamsStaySeparate()
    {
        var five = await Docker("run", "--rm", Image, "sh", "-c", "exit 5");
        AssertExit(5, five);
        Assert.Equal("", five.Stdout);

        var both = await Docker("run", "--rm", Image, "sh", "-c", "echo to-out; echo to-err >&2; exit 2");
        AssertExit(2, both);
        Assert.Equal("to-out\n", both.Stdout);
        Assert.Equal("to-err\n", both.Stderr);

        // Without --rm the container stays, exited with the code.
        var kept = await Docker("run", "--name", "kept", Image, "sh", "-c", "exit 7");
        AssertExit(7, kept);
        Assert.Equal("exited 7", await _host.FormatAsync("kept", "{{.State.Status}} {{.State.ExitCode}}"));
    }

    [Fact]
    public async Task Run_Interactive_ReadsPipedStdin_UntilItsEnd()
    {
        var run = await DockerWithInput("line one\nline two\n", "run", "-i", "--rm", Image, "sh", "-c", "cat; echo done");
        AssertExit(0, run);
        Assert.Equal("line one\nline two\ndone\n", run.Stdout);

        var lines = await DockerWithInput(string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i}\n")), "run", "-i", "--rm", Image, "wc", "-l");
        AssertExit(0, lines);
        Assert.Equal("5000", lines.Stdout.Trim());

        // -t with a stdin that is not a terminal is refused by the CLI, as with dockerd.
        var notATty = await DockerWithInput("x\n", "run", "-it", "--rm", Image, "true");
        Assert.Equal(1, notATty.ExitCode);
        Assert.Contains("the input device is not a TTY", notATty.Stderr);
    }

    [Fact]
    public async Task Run_Tty_ThroughAPty_ShowsATerminal_AndTypedInputReachesTheShell()
    {
        var tty = await PtyRunner.RunAsync(["docker", "run", "-it", "--rm", Image, "sh", "-c", "tty; echo typed"], _host.DockerEnvironment(), []);
        Assert.False(tty.TimedOut, "docker run -it did not end:\n" + tty.Output + "\n" + _host.LogTail());
        Assert.Equal(0, tty.ExitCode);
        // The container's output went through its own terminal: newlines come out as CRLF.
        Assert.Matches(@"/dev/pts/\d+\r\ntyped\r\n", tty.Output);

        var shell = await PtyRunner.RunAsync(["docker", "run", "-it", "--rm", Image, "sh"], _host.DockerEnvironment(),
        [
            new PtyStep("# ", "echo hello-$((6*7))\n"),
            new PtyStep("hello-42", "stty size; exit 3\n"),
        ]);
        Assert.False(shell.TimedOut, "the interactive shell did not end:\n" + shell.Output + "\n" + _host.LogTail());
        Assert.Contains("hello-42\r\n", shell.Output);
        Assert.Equal(3, shell.ExitCode);
        // The CLI sized the container's terminal from its own (the runner's pty is 40 rows by 100 columns).
        Assert.Contains("\r\n40 100\r\n", shell.Output);
        Assert.Equal("", (await Docker("ps", "-aq")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Run_MissingCommand_Is127_NotExecutable_Is126_AndRmStillRemoves()
    {
        var missing = await Docker("run", "--rm", Image, "nonexistent");
        AssertExit(127, missing);
        Assert.Contains("executable file not found", missing.Stderr);
        Assert.Contains("Run 'docker run --help' for more information", missing.Stderr);

        var notExecutable = await Docker("run", "--rm", Image, "/etc/passwd");
        AssertExit(126, notExecutable);
        Assert.Contains("permission denied", notExecutable.Stderr);

        // --rm applies to a container that failed to start as well (the CLI waits for its removal).
        Assert.Equal("", (await Docker("ps", "-aq")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task RunDetached_Exec_ThenLogsFollow_EndsWhenTheContainerExits()
    {
        var id = await _host.RunDetachedAsync("--name", "gate", Image, "sh", "-c", "echo start; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo end; echo bye >&2");
        await _host.WaitForLogAsync(id, "start");
        var follow = ProcessRunner.RunAsync("docker", ["logs", "-f", "gate"], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        Assert.False(follow.IsCompleted, "logs -f ended while the container runs");

        AssertExit(0, await Docker("exec", "gate", "touch", "/tmp/go"));
        var logs = await follow.WaitAsync(TimeSpan.FromSeconds(30));
        AssertExit(0, logs);
        Assert.Equal("start\nend\n", logs.Stdout);
        Assert.Equal("bye\n", logs.Stderr);
        Assert.Equal("exited", await _host.StatusAsync(id));
    }

    [Fact]
    public async Task Exec_ExitCode_Stdin_User_Env_Workdir_Detach_AndMissingCommand()
    {
        await _host.RunDetachedAsync("--name", "box", "-e", "FROM_RUN=1", Image, "sleep", "1000");

        AssertExit(4, await Docker("exec", "box", "sh", "-c", "exit 4"));

        var echo = await Docker("exec", "box", "sh", "-c", "echo out; echo err >&2");
        AssertExit(0, echo);
        Assert.Equal("out\n", echo.Stdout);
        Assert.Equal("err\n", echo.Stderr);

        var stdin = await DockerWithInput("piped in\nsecond\n", "exec", "-i", "box", "sh", "-c", "cat; echo eof");
        AssertExit(0, stdin);
        Assert.Equal("piped in\nsecond\neof\n", stdin.Stdout);

        Assert.Equal("uid=65534(nobody) gid=65534(nogroup)", (await Docker("exec", "-u", "nobody", "box", "id")).AssertSuccess().Stdout.Trim().Split(" groups=")[0]);
        Assert.Equal("uid=123 gid=456", (await Docker("exec", "-u", "123:456", "box", "id")).AssertSuccess().Stdout.Trim().Split(" groups=")[0]);

        // -e adds to the container's environment.
        Assert.Equal("bar 1\n", (await Docker("exec", "-e", "FOO=bar", "box", "sh", "-c", "echo $FOO $FROM_RUN")).AssertSuccess().Stdout);
        Assert.Equal("/tmp\n", (await Docker("exec", "-w", "/tmp", "box", "pwd")).AssertSuccess().Stdout);

        var detached = await Docker("exec", "-d", "box", "sh", "-c", "sleep 0.3; echo later > /tmp/detached");
        AssertExit(0, detached);
        Assert.Equal("", detached.Stdout);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var content = "";
        while (DateTime.UtcNow < deadline)
        {
            content = (await Docker("exec", "box", "sh", "-c", "cat /tmp/detached 2>/dev/null || true")).Stdout;
            if (content == "later\n") break;
            await Task.Delay(100);
        }
        Assert.Equal("later\n", content);

        var missing = await Docker("exec", "box", "nosuchcommand");
        AssertExit(127, missing);
        Assert.Contains("executable file not found", missing.Stderr);
        var notExecutable = await Docker("exec", "box", "/etc/passwd");
        AssertExit(126, notExecutable);

        // exec needs a running container.
        AssertExit(0, await Docker("stop", "-t", "0", "box"));
        var stopped = await Docker("exec", "box", "true");
        Assert.NotEqual(0, stopped.ExitCode);
        Assert.Contains("is not running", stopped.Stderr);
    }

    [Fact]
    public async Task Ps_Stop_RmForce()
    {
        var running = await _host.RunDetachedAsync("--name", "runner", Image, "sleep", "1000");
        var exited = await _host.RunDetachedAsync("--name", "quitter", Image, "true");
        Assert.Equal(0, await _host.WaitAsync(exited));

        var table = (await Docker("ps")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$", table[0]);
        Assert.Equal(2, table.Length);
        Assert.Matches($@"^{running[..12]}\s+busybox:latest\s+""sleep 1000""\s+.+ ago\s+Up .+\s+runner$", table[1]);

        Assert.Equal($"{running[..12]}\n", (await Docker("ps", "-q")).AssertSuccess().Stdout);
        var all = (await Docker("ps", "-a", "--format", "{{.Names}}:{{.State}}")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
        Assert.Equal(["quitter:exited", "runner:running"], all);
        Assert.Equal("quitter\n", (await Docker("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}")).AssertSuccess().Stdout);
        Assert.Equal($"{running}\n", (await Docker("ps", "-q", "--no-trunc", "--filter", "name=runner")).AssertSuccess().Stdout);

        var stop = await Docker("stop", "-t", "1", "runner");
        AssertExit(0, stop);
        Assert.Equal("runner\n", stop.Stdout);
        Assert.Equal("exited 137", await _host.FormatAsync("runner", "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal("", (await Docker("ps", "-q")).AssertSuccess().Stdout);

        var again = await _host.RunDetachedAsync("--name", "forced", Image, "sleep", "1000");
        var pid = int.Parse(await _host.FormatAsync(again, "{{.State.Pid}}"), CultureInfo.InvariantCulture);
        var rm = await Docker("rm", "-f", "forced", "quitter");
        AssertExit(0, rm);
        Assert.Equal("forced\nquitter\n", rm.Stdout);
        Assert.False(HostProcesses.Exists(pid), "rm -f left the process running");
        Assert.Equal($"{running[..12]}\n", (await Docker("ps", "-aq")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Cp_FilesAndDirectories_BothWays()
    {
        var id = await _host.RunDetachedAsync("--name", "files", Image, "sh", "-c", "mkdir -p /data/sub; echo inner > /data/sub/inner.txt; echo top > /data/top.txt; sleep 1000");
        await WaitUntilAsync(async () => (await Docker("exec", "files", "test", "-f", "/data/top.txt")).ExitCode == 0, "the container never wrote /data");
        var work = _host.Dirs.Combine("cp-work");
        Directory.CreateDirectory(work);

        // Host → container: a file, to a new name and into a directory.
        var hostFile = Path.Combine(work, "hello.txt");
        await File.WriteAllTextAsync(hostFile, "hello from the host\n");
        AssertExit(0, await Docker("cp", hostFile, "files:/tmp/renamed.txt"));
        AssertExit(0, await Docker("cp", hostFile, "files:/data/"));
        Assert.Equal("hello from the host\nhello from the host\n", (await Docker("exec", "files", "cat", "/tmp/renamed.txt", "/data/hello.txt")).AssertSuccess().Stdout);

        // Host → container: a directory with a nested file.
        var hostDir = Path.Combine(work, "tree");
        Directory.CreateDirectory(Path.Combine(hostDir, "nested"));
        await File.WriteAllTextAsync(Path.Combine(hostDir, "nested", "deep.txt"), "deep\n");
        await File.WriteAllTextAsync(Path.Combine(hostDir, "a.txt"), "a\n");
        AssertExit(0, await Docker("cp", hostDir, "files:/copied"));
        Assert.Equal("/copied/a.txt\n/copied/nested/deep.txt\n", (await Docker("exec", "files", "sh", "-c", "find /copied -type f | sort")).AssertSuccess().Stdout);
        AssertExit(0, await Docker("cp", hostDir, "files:/data"));
        Assert.Equal("deep\n", (await Docker("exec", "files", "cat", "/data/tree/nested/deep.txt")).AssertSuccess().Stdout);

        // Container → host: a file and a directory.
        var outFile = Path.Combine(work, "top-copy.txt");
        AssertExit(0, await Docker("cp", "files:/data/top.txt", outFile));
        Assert.Equal("top\n", await File.ReadAllTextAsync(outFile));
        var outDir = Path.Combine(work, "data-copy");
        AssertExit(0, await Docker("cp", $"{id[..12]}:/data", outDir));
        Assert.Equal("inner\n", await File.ReadAllTextAsync(Path.Combine(outDir, "sub", "inner.txt")));
        Assert.Equal("top\n", await File.ReadAllTextAsync(Path.Combine(outDir, "top.txt")));
        Assert.True(File.Exists(Path.Combine(outDir, "tree", "a.txt")));

        // Into an existing host directory, the copy lands inside it.
        AssertExit(0, await Docker("cp", "files:/data/sub", work));
        Assert.Equal("inner\n", await File.ReadAllTextAsync(Path.Combine(work, "sub", "inner.txt")));

        // To stdout as a tar.
        var tar = await Shell("docker cp files:/data/sub - | tar -t | sort");
        AssertExit(0, tar);
        Assert.Equal("sub/\nsub/inner.txt\n", tar.Stdout);

        var missing = await Docker("cp", "files:/no/such/path", work);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Could not find the file /no/such/path in container files", missing.Stderr);
    }

    [Fact]
    public async Task Inspect_FieldsAndFormat()
    {
        var id = await _host.RunDetachedAsync("--name", "looked-at", "-e", "COLOR=blue", "-w", "/tmp", "--label", "team=core", Image, "sleep", "1000");
        var inspect = await _host.InspectAsync("looked-at");
        Assert.Equal(id, inspect.GetProperty("Id").GetString());
        Assert.Equal("/looked-at", inspect.GetProperty("Name").GetString());
        Assert.Equal("sleep", inspect.GetProperty("Path").GetString());
        Assert.Equal(["1000"], inspect.GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
        var config = inspect.GetProperty("Config");
        Assert.Equal(Image, config.GetProperty("Image").GetString());
        Assert.Equal("/tmp", config.GetProperty("WorkingDir").GetString());
        Assert.Contains("COLOR=blue", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("core", config.GetProperty("Labels").GetProperty("team").GetString());
        Assert.Equal(id[..12], config.GetProperty("Hostname").GetString());
        Assert.StartsWith("sha256:", inspect.GetProperty("Image").GetString());
        var state = inspect.GetProperty("State");
        Assert.Equal("running", state.GetProperty("Status").GetString());
        Assert.True(state.GetProperty("Pid").GetInt32() > 0);
        Assert.True(DateTimeOffset.Parse(state.GetProperty("StartedAt").GetString()!, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.Equal("/looked-at true", await _host.FormatAsync("looked-at", "{{.Name}} {{.State.Running}}"));
        Assert.Equal("[\"sleep\",\"1000\"]", await _host.FormatAsync("looked-at", "{{json .Config.Cmd}}"));
        Assert.Equal("blue", (await Docker("container", "inspect", "--format", "{{range .Config.Env}}{{if eq (index (split . \"=\") 0) \"COLOR\"}}{{index (split . \"=\") 1}}{{end}}{{end}}", "looked-at")).AssertSuccess().Stdout.Trim());
        Assert.Equal($"{id}\n{id}\n", (await Docker("inspect", "--format", "{{.Id}}", "looked-at", id[..12])).AssertSuccess().Stdout);

        var missing = await Docker("inspect", "looked-at", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error: No such object: nosuch", missing.Stderr);
        using var partial = JsonDocument.Parse(missing.Stdout);
        Assert.Equal(1, partial.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Wait_PrintsTheExitCodeWhenTheContainerEnds()
    {
        var id = await _host.RunDetachedAsync(Image, "sh", "-c", "sleep 1; exit 9");
        var wait = ProcessRunner.RunAsync("docker", ["wait", id], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        await Task.Delay(300);
        Assert.False(wait.IsCompleted, "docker wait answered before the container exited");
        var result = await wait;
        AssertExit(0, result);
        Assert.Equal("9\n", result.Stdout);

        var other = await _host.RunDetachedAsync(Image, "true");
        Assert.Equal("9\n0\n", (await Docker("wait", id, other)).AssertSuccess().Stdout);

        var missing = await Docker("wait", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No such container: nosuch", missing.Stderr);
    }

    [Fact]
    public async Task Commit_WithChange_ThenRunTheNewImage()
    {
        var source = await Docker("run", "--name", "source", Image, "sh", "-c", "echo committed-content > /data.txt");
        AssertExit(0, source);

        var commit = await Docker("commit", "-c", "CMD [\"cat\", \"/data.txt\"]", "-c", "ENV STAGE=two", "-m", "a message", "source", "derived:v1");
        AssertExit(0, commit);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", commit.Stdout);
        var imageId = commit.Stdout.Trim();

        Assert.Equal(imageId, (await Docker("image", "inspect", "-f", "{{.Id}}", "derived:v1")).AssertSuccess().Stdout.Trim());
        Assert.Equal("[\"cat\",\"/data.txt\"]", (await Docker("image", "inspect", "-f", "{{json .Config.Cmd}}", "derived:v1")).AssertSuccess().Stdout.Trim());
        Assert.Equal("a message", (await Docker("image", "inspect", "-f", "{{.Comment}}", "derived:v1")).AssertSuccess().Stdout.Trim());
        Assert.Contains("derived:v1", (await Docker("images", "--format", "{{.Repository}}:{{.Tag}}")).AssertSuccess().Stdout);

        var run = await Docker("run", "--rm", "derived:v1");
        AssertExit(0, run);
        Assert.Equal("committed-content\n", run.Stdout);
        Assert.Equal("two\n", (await Docker("run", "--rm", "derived:v1", "sh", "-c", "echo $STAGE")).AssertSuccess().Stdout);

        // The new image has one more layer than busybox.
        var layers = (await Docker("image", "inspect", "-f", "{{len .RootFS.Layers}}", "derived:v1")).AssertSuccess().Stdout.Trim();
        var baseLayers = (await Docker("image", "inspect", "-f", "{{len .RootFS.Layers}}", Image)).AssertSuccess().Stdout.Trim();
        Assert.Equal(int.Parse(baseLayers, CultureInfo.InvariantCulture) + 1, int.Parse(layers, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Diff_ListsAddedChangedAndDeletedPaths()
    {
        var run = await Docker("run", "--name", "changed", Image, "sh", "-c", "mkdir /newdir; echo x > /newdir/f; echo extra >> /etc/passwd; rm /etc/group");
        AssertExit(0, run);
        var diff = await Docker("diff", "changed");
        AssertExit(0, diff);
        var lines = diff.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["A /newdir", "A /newdir/f", "C /etc", "C /etc/passwd", "D /etc/group"], lines);

        // A fresh container has no changes (the mount points and /etc/hosts and friends are not its own).
        var clean = await Docker("run", "--name", "clean", Image, "true");
        AssertExit(0, clean);
        Assert.Equal("", (await Docker("diff", "clean")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Export_IsATarOfTheWholeFilesystem()
    {
        AssertExit(0, await Docker("run", "--name", "exported", Image, "sh", "-c", "echo mine > /mine.txt"));
        var list = await Shell("docker export exported | tar -t");
        AssertExit(0, list);
        var entries = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(e => e.TrimEnd('/')).ToHashSet();
        Assert.Contains("mine.txt", entries);
        Assert.Contains("bin/busybox", entries);
        Assert.Contains("etc/passwd", entries);
        Assert.Contains("proc", entries);

        var file = _host.Dirs.Combine("exported.tar");
        AssertExit(0, await Docker("export", "-o", file, "exported"));
        var content = await ProcessRunner.RunAsync("tar", ["-xOf", file, "mine.txt"]);
        Assert.Equal("mine\n", content.AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Top_ListsTheContainersProcesses()
    {
        var id = await _host.RunDetachedAsync("--name", "topped", Image, "sh", "-c", "sleep 1001 & sleep 1002; true");
        await WaitUntilAsync(async () => (await Docker("top", "topped")).Stdout.Contains("sleep 1002"), "sleep 1002 never showed in top");
        var top = (await Docker("top", "topped")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$", top[0]);
        Assert.Equal(4, top.Length);
        var pid = await _host.FormatAsync(id, "{{.State.Pid}}");
        Assert.Contains(top[1..], line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == pid);
        Assert.Contains(top[1..], line => line.EndsWith("sleep 1001", StringComparison.Ordinal));
        Assert.Contains(top[1..], line => line.EndsWith("sleep 1002", StringComparison.Ordinal));

        var custom = (await Docker("top", "topped", "-o", "pid,comm")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^PID\s+COMMAND$", custom[0]);
        Assert.Equal(2, custom.Count(l => l.EndsWith("sleep", StringComparison.Ordinal)));

        AssertExit(0, await Docker("stop", "-t", "0", "topped"));
        var stopped = await Docker("top", "topped");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("is not running", stopped.Stderr);
    }

    [Fact]
    public async Task Stats_NoStream_ShowsARowPerContainer()
    {
        var id = await _host.RunDetachedAsync("--name", "measured", "--memory", "64m", Image, "sh", "-c", "sleep 1000 & sleep 1000; true");
        var stats = await Docker("stats", "--no-stream", "measured");
        AssertExit(0, stats);
        var lines = stats.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS$", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^{id[..12]}\s+measured\s+\d+\.\d\d%\s+[\d.]+[KMG]?i?B / 64MiB\s+\d+\.\d\d%\s+.+\s+3$", lines[1]);

        var formatted = (await Docker("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}")).AssertSuccess().Stdout;
        Assert.Equal("measured 3\n", formatted);
    }

    [Fact]
    public async Task Events_SinceUntil_SeeTheLifecycle_AndFiltersSelect()
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        AssertExit(3, await Docker("run", "--rm", "--name", "eventful", Image, "sh", "-c", "exit 3"));
        AssertExit(0, await Docker("tag", Image, "tagged:v1"));
        await Task.Delay(1100);
        var until = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
        var sinceText = since.ToString(CultureInfo.InvariantCulture);

        var all = await Docker("events", "--since", sinceText, "--until", until, "--filter", "type=container", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        AssertExit(0, all);
        var actions = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.All(actions, a => Assert.StartsWith("container ", a));
        var order = new[] { "create", "start", "die", "destroy" }.Select(action => actions.IndexOf($"container {action} eventful")).ToList();
        Assert.True(order.All(i => i >= 0), "missing lifecycle events:\n" + all.Stdout);
        Assert.Equal(order.Order(), order);

        var die = await Docker("events", "--since", sinceText, "--until", until, "--filter", "type=container", "--filter", "event=die", "--format", "{{.Action}} {{.Actor.Attributes.exitCode}} {{.Actor.Attributes.image}}");
        AssertExit(0, die);
        Assert.Equal("die 3 busybox:latest\n", die.Stdout);

        // The default format: time, type, action, id and attributes.
        var plain = (await Docker("events", "--since", sinceText, "--until", until, "--filter", "event=destroy")).AssertSuccess().Stdout;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d) container destroy [0-9a-f]{64} \(.*name=eventful.*\)\n$", plain);

        var images = (await Docker("events", "--since", sinceText, "--until", until, "--filter", "type=image", "--format", "{{.Action}}")).AssertSuccess().Stdout;
        Assert.Contains("tag\n", images);
    }

    [Fact]
    public async Task Rename_Pause_Unpause()
    {
        var id = await _host.RunDetachedAsync("--name", "before", Image, "sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /tmp/tick; sleep 0.05; done");
        AssertExit(0, await Docker("rename", "before", "after"));
        Assert.Equal("/after", await _host.FormatAsync(id, "{{.Name}}"));
        Assert.Equal("after\n", (await Docker("ps", "--format", "{{.Names}}")).AssertSuccess().Stdout);
        var oldName = await Docker("inspect", "before");
        Assert.Equal(1, oldName.ExitCode);

        AssertExit(0, await Docker("pause", "after"));
        Assert.Equal("paused", await _host.StatusAsync("after"));
        var paused = await Docker("exec", "after", "true");
        Assert.NotEqual(0, paused.ExitCode);
        Assert.Contains("is paused", paused.Stderr);
        Assert.Matches(@"^Up .* \(Paused\)\n$", (await Docker("ps", "--format", "{{.Status}}")).AssertSuccess().Stdout);

        AssertExit(0, await Docker("unpause", "after"));
        Assert.Equal("running", await _host.StatusAsync("after"));
        var first = (await Docker("exec", "after", "cat", "/tmp/tick")).AssertSuccess().Stdout;
        await Task.Delay(300);
        Assert.NotEqual(first, (await Docker("exec", "after", "cat", "/tmp/tick")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Attach_ToARunningContainer_SeesItsOutputAndExitCode()
    {
        var id = await _host.RunDetachedAsync("--name", "attached", Image, "sh", "-c", "echo before; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo one; echo two >&2; exit 3");
        await _host.WaitForLogAsync(id, "before");
        var attach = ProcessRunner.RunAsync("docker", ["attach", "attached"], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));
        await Task.Delay(1500);
        Assert.False(attach.IsCompleted, "docker attach ended while the container runs");
        AssertExit(0, await Docker("exec", "attached", "touch", "/tmp/go"));

        var result = await attach.WaitAsync(TimeSpan.FromSeconds(30));
        AssertExit(3, result);
        Assert.Equal("one\n", result.Stdout);
        Assert.Equal("two\n", result.Stderr);

        var stopped = await Docker("attach", "attached");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("You cannot attach to a stopped container, start it first", stopped.Stderr);
    }

    [Fact]
    public async Task Rmi_OfAnImageInUse_IsAConflict()
    {
        var imageId = (await Docker("image", "inspect", "-f", "{{.Id}}", Image)).AssertSuccess().Stdout.Trim();
        var id = await _host.CreateAsync("--name", "user", Image, "true");

        var rmi = await Docker("rmi", Image);
        Assert.Equal(1, rmi.ExitCode);
        Assert.Contains($"conflict: unable to remove repository reference \"{Image}\" (must force) - container {id[..12]} is using its referenced image {imageId[7..19]}", rmi.Stderr);
        var byId = await Docker("rmi", imageId[7..19]);
        Assert.Equal(1, byId.ExitCode);
        Assert.Contains("conflict: unable to delete", byId.Stderr);
        Assert.Contains($"is being used by stopped container {id[..12]}", byId.Stderr);
        AssertExit(0, await Docker("image", "inspect", Image));

        // Once the container is gone, the image can go.
        AssertExit(0, await Docker("rm", "user"));
        var gone = await Docker("rmi", Image);
        AssertExit(0, gone);
        Assert.Contains($"Deleted: {imageId}", gone.Stdout);
    }

    [Fact]
    public async Task RmiForce_OfAStoppedContainersImage_UntagsIt_AndKeepsItDanglingForTheContainer()
    {
        var imageId = (await Docker("image", "inspect", "-f", "{{.Id}}", Image)).AssertSuccess().Stdout.Trim();
        var id = await _host.CreateAsync("--name", "user", Image, "echo", "still runs");

        // dockerd 20.10 prints Untagged and Deleted here and drops the image; a Berth container needs its image's
        // config and layers to start, so the image stays, untagged (see ImageInUse).
        var forced = await Docker("rmi", "-f", Image);
        AssertExit(0, forced);
        Assert.Equal($"Untagged: {Image}\n", forced.Stdout);
        Assert.Equal($"<none>:<none> {imageId}\n", (await Docker("images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")).AssertSuccess().Stdout);
        var start = await Docker("start", "-a", "user");
        AssertExit(0, start);
        Assert.Equal("still runs\n", start.Stdout);

        // Still in use: not pruned (as dockerd's prune), and not deleted by ID without force.
        AssertExit(0, await Docker("image", "prune", "-a", "-f"));
        AssertExit(0, await Docker("image", "inspect", imageId));
        var byId = await Docker("rmi", imageId[7..19]);
        Assert.Equal(1, byId.ExitCode);
        Assert.Contains($"conflict: unable to delete {imageId[7..19]} (must be forced) - image is being used by stopped container {id[..12]}", byId.Stderr);

        AssertExit(0, await Docker("rm", "user"));
        var gone = await Docker("rmi", imageId[7..19]);
        AssertExit(0, gone);
        Assert.Contains($"Deleted: {imageId}", gone.Stdout);
    }

    [Fact]
    public async Task RmiForce_OfARunningContainersImage_UntagsByName_AndRefusesByID()
    {
        var imageId = (await Docker("image", "inspect", "-f", "{{.Id}}", Image)).AssertSuccess().Stdout.Trim();
        var id = await _host.RunDetachedAsync(Image, "sleep", "1000");

        var byId = await Docker("rmi", "-f", imageId[7..19]);
        Assert.Equal(1, byId.ExitCode);
        Assert.Contains($"conflict: unable to delete {imageId[7..19]} (cannot be forced) - image is being used by running container {id[..12]}", byId.Stderr);

        // As dockerd 20.10: the name goes, the image stays dangling under the running container.
        var byName = await Docker("rmi", "-f", Image);
        AssertExit(0, byName);
        Assert.Equal($"Untagged: {Image}\n", byName.Stdout);
        Assert.Equal($"<none>:<none> {imageId}\n", (await Docker("images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")).AssertSuccess().Stdout);
        Assert.Equal("running", await _host.StatusAsync(id));
    }

    [Fact]
    public async Task ContainerPrune_RemovesStoppedContainersOnly()
    {
        var running = await _host.RunDetachedAsync("--name", "alive", Image, "sleep", "1000");
        var done = await _host.RunDetachedAsync("--name", "done", Image, "true");
        Assert.Equal(0, await _host.WaitAsync(done));
        var created = await _host.CreateAsync("--name", "never-started", Image);

        var prune = await Docker("container", "prune", "-f");
        AssertExit(0, prune);
        Assert.StartsWith("Deleted Containers:\n", prune.Stdout);
        var deleted = prune.Stdout.Split('\n').Where(l => l.Length == 64).Order().ToList();
        Assert.Equal(new[] { done, created }.Order(), deleted);
        Assert.Matches(@"\nTotal reclaimed space: \d+(\.\d+)?[kMG]?B\n$", prune.Stdout);
        Assert.Equal($"{running}\n", (await Docker("ps", "-aq", "--no-trunc")).AssertSuccess().Stdout);

        var nothing = await Docker("container", "prune", "-f");
        AssertExit(0, nothing);
        Assert.Equal("Total reclaimed space: 0B\n", nothing.Stdout);
    }

    private Task<ProcessResult> Docker(params string[] args) =>
        ProcessRunner.RunAsync("docker", args, _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));

    private async Task<ProcessResult> DockerWithInput(string input, params string[] args)
    {
        var file = _host.Dirs.Combine($"stdin-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, input);
        return await ProcessRunner.RunAsync("docker", args, _host.DockerEnvironment(), stdinFile: file, timeout: TimeSpan.FromSeconds(60));
    }

    private Task<ProcessResult> Shell(string command) =>
        ProcessRunner.RunAsync("bash", ["-o", "pipefail", "-c", command], _host.DockerEnvironment(), timeout: TimeSpan.FromSeconds(60));

    private void AssertExit(int expected, ProcessResult result) =>
        Assert.True(result.ExitCode == expected,
            $"exit {result.ExitCode}, not {expected}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\n--- daemon log tail ---\n{_host.LogTail()}");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail(failure);
    }
}
