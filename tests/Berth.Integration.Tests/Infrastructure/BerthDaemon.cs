using System.Diagnostics;
using System.Net.Sockets;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// A real berthd on a temp data root, exec root and socket. Started and stopped by the test; Dispose stops
/// it (SIGTERM, then SIGKILL), deletes its default bridge device and removes its directories even when the test
/// failed. Unless the test names a bridge itself, the daemon's default bridge is a <see cref="TestBridge"/>.
/// </summary>
public sealed class BerthDaemon : IAsyncDisposable
{
    private readonly TempDirectory _dirs;
    private readonly bool _ownsDirectories;
    private readonly string[] _extraArguments;
    private Process? _process;
    private readonly System.Text.StringBuilder _log = new();

    public BerthDaemon(TempDirectory? dirs = null, params string[] extraArguments)
    {
        _extraArguments = extraArguments;
        _ownsDirectories = dirs is null;
        _dirs = dirs ?? new TempDirectory();
        if (!extraArguments.Any(a => a is "--bridge" or "-b" || a.StartsWith("--bridge=", StringComparison.Ordinal))) Bridge = TestBridge.For(_dirs.Path);
    }

    /// <summary>The default bridge this daemon was given; null when the test chose one with <c>--bridge</c>.</summary>
    public TestBridge? Bridge { get; }

    public string DataRoot => _dirs.Combine("data");
    public string ExecRoot => _dirs.Combine("exec");
    public string SocketPath => _dirs.Combine("exec", "berth.sock");
    public string Host => $"unix://{SocketPath}";
    public string Log { get { lock (_log) return _log.ToString(); } }
    public Process Process => _process ?? throw new InvalidOperationException("not started");

    public static async Task<BerthDaemon> StartAsync(TempDirectory? dirs = null, params string[] extraArguments)
    {
        var daemon = new BerthDaemon(dirs, extraArguments);
        await daemon.StartAsync();
        return daemon;
    }

    public async Task StartAsync()
    {
        _process = Launch();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"berthd exited with {_process.ExitCode}:\n{Log}");
            if (await AnswersAsync()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"berthd did not answer on {SocketPath}:\n{Log}");
    }

    /// <summary>Starts a second berthd with the same directories, for tests that expect it to fail; returns its result.</summary>
    public Task<ProcessResult> RunAnotherAsync() => ProcessRunner.RunAsync(RepoPaths.Berthd, Arguments(), timeout: TimeSpan.FromSeconds(30));

    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        Signal(_process.Id, 15);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await _process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
    }

    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public Task<ProcessResult> BerthAsync(params string[] args) => BerthWithInputAsync(null, args);

    public Task<ProcessResult> BerthWithInputAsync(string? stdinFile, params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Berth, ["-H", Host, .. args], stdinFile: stdinFile);

    public Task<ProcessResult> DockerAsync(params string[] args) =>
        ProcessRunner.RunAsync("docker", args, new Dictionary<string, string> { ["DOCKER_HOST"] = Host, ["DOCKER_CONFIG"] = _dirs.Combine("docker-config") });

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (Bridge is not null) await Bridge.DeleteDeviceAsync();
        if (!_ownsDirectories) return;
        _dirs.Dispose();
        TestBridge.Release(_dirs.Path);
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(RepoPaths.Berthd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in Arguments()) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private string[] Arguments() =>
        ["--data-root", DataRoot, "--exec-root", ExecRoot, "-H", Host, "--log-level", "debug", .. Bridge?.DaemonArguments ?? [], .. _extraArguments];

    private async Task<bool> AnswersAsync()
    {
        if (!File.Exists(SocketPath)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int pid, int signal);
}
