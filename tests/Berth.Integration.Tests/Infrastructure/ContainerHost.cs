using System.Text.Json;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// A berthd with the busybox image imported as <c>busybox:latest</c>, and the helpers the container tests share:
/// run detached, wait, read logs and inspect through the real docker CLI. Dispose removes every container
/// (<c>docker rm -f</c>), stops the daemon, and only then scrubs what might still be left (conmon processes
/// of this daemon, mounts under its directories) before deleting the directories, so a failed test leaves
/// nothing running on the machine.
/// </summary>
public sealed class ContainerHost : IAsyncDisposable
{
    public const string Image = "busybox:latest";

    private ContainerHost(TempDirectory dirs, BerthDaemon daemon)
    {
        Dirs = dirs;
        Daemon = daemon;
    }

    public TempDirectory Dirs { get; }
    public BerthDaemon Daemon { get; }

    public static async Task<ContainerHost> StartAsync(BusyboxRootfs busybox, params string[] daemonArguments)
    {
        var dirs = new TempDirectory();
        BerthDaemon? daemon = null;
        try
        {
            daemon = await BerthDaemon.StartAsync(dirs, daemonArguments);
            (await daemon.DockerAsync("import", "--change", "CMD [\"sh\"]", busybox.TarPath, Image)).AssertSuccess();
            return new ContainerHost(dirs, daemon);
        }
        catch
        {
            if (daemon is not null) await daemon.DisposeAsync();
            Scrub(dirs);
            dirs.Dispose();
            TestBridge.Release(dirs.Path);
            throw;
        }
    }

    public Task<ProcessResult> DockerAsync(params string[] args) => Daemon.DockerAsync(args);

    /// <summary><c>docker run -d ARGS</c>; returns the full container id.</summary>
    public async Task<string> RunDetachedAsync(params string[] args)
    {
        var result = await Daemon.DockerAsync(["run", "-d", .. args]);
        Assert.True(result.ExitCode == 0, $"docker run -d {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Stderr}\n{result.Stdout}\n--- daemon log tail ---\n{LogTail()}");
        var id = result.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        return id;
    }

    /// <summary><c>docker create ARGS</c>; returns the full container id.</summary>
    public async Task<string> CreateAsync(params string[] args)
    {
        var result = await Daemon.DockerAsync(["create", .. args]);
        Assert.True(result.ExitCode == 0, $"docker create {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Stderr}\n--- daemon log tail ---\n{LogTail()}");
        var id = result.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        return id;
    }

    /// <summary><c>docker wait</c>: the exit code it prints.</summary>
    public async Task<int> WaitAsync(string container, TimeSpan? timeout = null)
    {
        var result = await ProcessRunner.RunAsync("docker", ["wait", container], DockerEnvironment(), timeout: timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"docker wait {container}: exit {result.ExitCode}\n{result.Stderr}");
        return int.Parse(result.Stdout.Trim());
    }

    /// <summary>
    /// What <c>docker run</c> (attached) would give, without attach: run detached, wait, read the logs.
    /// The container stays (for inspect); the host removes it at the end.
    /// </summary>
    public async Task<RunResult> RunAsync(params string[] args)
    {
        var id = await RunDetachedAsync(args);
        var exit = await WaitAsync(id);
        var logs = await Daemon.DockerAsync("logs", id);
        logs.AssertSuccess();
        return new RunResult(id, exit, logs.Stdout, logs.Stderr);
    }

    /// <summary>Like <see cref="RunAsync"/>, asserting exit 0 and returning stdout.</summary>
    public async Task<string> OutputOfAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, $"container exited with {run.ExitCode}\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        return run.Stdout;
    }

    public async Task<JsonElement> InspectAsync(string container)
    {
        var result = (await Daemon.DockerAsync("inspect", container)).AssertSuccess();
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement[0].Clone();
    }

    public async Task<string> FormatAsync(string container, string format) =>
        (await Daemon.DockerAsync("inspect", "-f", format, container)).AssertSuccess().Stdout.Trim();

    public async Task<string> StatusAsync(string container) => await FormatAsync(container, "{{.State.Status}}");

    /// <summary>Polls until the container's status is <paramref name="status"/>; fails with its inspect output otherwise.</summary>
    public async Task WaitForStatusAsync(string container, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync(container);
            if (last == status) return;
            await Task.Delay(100);
        }
        Assert.Fail($"container {container} is {last}, not {status}\n--- daemon log tail ---\n{LogTail()}");
    }

    /// <summary>Polls the container's logs until <paramref name="text"/> appears (a sign the process got that far).</summary>
    public async Task WaitForLogAsync(string container, string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var logs = await Daemon.DockerAsync("logs", container);
            last = logs.Stdout + logs.Stderr;
            if (last.Contains(text, StringComparison.Ordinal)) return;
            await Task.Delay(100);
        }
        Assert.Fail($"container {container} never logged \"{text}\"; its logs:\n{last}");
    }

    public string LogTail(int lines = 40)
    {
        var all = Daemon.Log.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public IDictionary<string, string> DockerEnvironment() => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = Daemon.Host,
        ["DOCKER_CONFIG"] = Dirs.Combine("docker-config"),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Daemon.Process.HasExited)
            {
                var all = await Daemon.DockerAsync("ps", "-aq", "--no-trunc");
                foreach (var id in all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    await Daemon.DockerAsync("rm", "-f", id);
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // The daemon hangs or was never started: the scrub below cleans up after it.
        }
        await Daemon.DisposeAsync();
        Scrub(Dirs);
        Dirs.Dispose();
        TestBridge.Release(Dirs.Path);
    }

    /// <summary>Kills conmon (and so its container) for anything under <paramref name="dirs"/>, and unmounts what is mounted there.</summary>
    public static void Scrub(TempDirectory dirs)
    {
        foreach (var pid in HostProcesses.ConmonsUnder(dirs.Path))
        {
            var containerPid = HostProcesses.ChildrenOf(pid);
            foreach (var child in containerPid) HostProcesses.Kill(child);
            HostProcesses.Kill(pid);
        }
        foreach (var mountPoint in HostMounts.Under(dirs.Path).OrderByDescending(m => m.Length))
            ProcessRunner.RunAsync("umount", ["-l", mountPoint]).GetAwaiter().GetResult();
    }
}

public sealed record RunResult(string Id, int ExitCode, string Stdout, string Stderr);
