using System.Diagnostics;
using System.Text.Json.Nodes;
using Berth.Runtime.Cgroups;
using Xunit.Abstractions;

namespace Berth.Runtime.Tests.Cgroups;

/// <summary>
/// The preparer for real: on the CI machine (a hybrid host with hugetlb on v2, where crun 1.8 refuses to
/// start anything) it must leave the host so that crun runs a busybox container.
/// </summary>
/// <remarks>
/// The hugetlb hierarchy it mounts at /sys/fs/cgroup/hugetlb is deliberately left in place: it is what berthd
/// does on start-up and keeps for good, harmless to everything else, and a second run finds it and does nothing.
/// </remarks>
public sealed class CrunOnThisHostTests(ITestOutputHelper output) : IDisposable
{
    private const string Crun = "/usr/bin/crun";
    private const string Busybox = "/bin/busybox";
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-crun-").FullName;

    [Fact]
    public async Task Prepare_ForCrun_ThenCrunRunsBusyboxTrue()
    {
        // scripts/build.sh installs crun and busybox-static and the tests run as root: a missing piece is a failure.
        Assert.True(File.Exists(Crun) && File.Exists(Busybox) && Environment.UserName == "root",
            "needs root, /usr/bin/crun and /bin/busybox (scripts/build.sh installs them)");

        var decision = await CgroupPreparer.ForHost().PrepareAsync("crun");
        output.WriteLine(decision.Message);
        Assert.True(decision.Runtime == "crun", decision.Message);
        var layout = await CgroupLayoutReader.ReadAsync();
        Assert.True(layout.Mode != CgroupMode.Hybrid || layout.V2Controllers.Count == 0, "a controller is still on cgroup v2");

        var bundle = Path.Combine(_dir, "bundle");
        Directory.CreateDirectory(Path.Combine(bundle, "rootfs", "bin"));
        File.Copy(Busybox, Path.Combine(bundle, "rootfs", "bin", "busybox"));
        await WriteConfigAsync(bundle);

        var state = Path.Combine(_dir, "state");
        var id = "berth-cgroup-test-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var (exit, text) = await RunCrunAsync("--root", state, "run", "--bundle", bundle, id);
            output.WriteLine(text);
            Assert.True(exit == 0, $"crun exited {exit}: {text}");
        }
        finally
        {
            await RunCrunAsync("--root", state, "delete", "-f", id);
        }
    }

    /// <summary>crun's own example spec, changed to run <c>busybox true</c> without a terminal.</summary>
    private static async Task WriteConfigAsync(string bundle)
    {
        var (exit, text) = await RunCrunAsync("spec", "--bundle", bundle);
        Assert.True(exit == 0, $"crun spec exited {exit}: {text}");
        var path = Path.Combine(bundle, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        config["process"]!["args"] = new JsonArray("/bin/busybox", "true");
        config["process"]!["terminal"] = false;
        config["root"]!["path"] = "rootfs";
        await File.WriteAllTextAsync(path, config.ToJsonString());
    }

    private static async Task<(int Exit, string Output)> RunCrunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Crun) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("crun did not finish within 60 s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
