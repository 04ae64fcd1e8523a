using System.Diagnostics;
using System.Text.Json;
using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec;
using Xunit.Abstractions;

namespace Berth.Runtime.Tests.Spec;

/// <summary>
/// The one check that the generated spec is one a real runtime accepts: a busybox container runs
/// <c>true</c> under runc with every default (seccomp, caps, masked paths, cgroups, device rules).
/// runc rather than crun because crun 1.8 refuses hybrid cgroup hosts like the CI machine.
/// </summary>
public sealed class RuncRunTests(ITestOutputHelper output) : IDisposable
{
    private const string Runc = "/usr/sbin/runc";
    private const string Busybox = "/bin/busybox";
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-runc-").FullName;

    [Fact]
    public void Run_BusyboxTrue_WithDefaultSpec_ExitsZero() => AssertExit(["/bin/busybox", "true"], 0);

    /// <summary>Proves the process really ran inside: its own exit code comes back, and the user's groups and /etc/hosts are in place.</summary>
    [Fact]
    public void Run_Script_SeesItsGroupsAndHosts() =>
        AssertExit(["/bin/sh", "-c", "id -G | grep -qx '0 10' && grep -q localhost /etc/hosts && exit 7"], 7);

    /// <summary>"All capabilities" must mean the daemon's own: this host withholds CAP_SYS_RESOURCE even from root.</summary>
    [Fact]
    public void Run_Privileged_ExitsZero() => AssertExit(["/bin/busybox", "true"], 0, new RunOptions { NetworkMode = "none", Privileged = true });

    private void AssertExit(IReadOnlyList<string> args, int expected, RunOptions? options = null)
    {
        // scripts/build.sh installs runc and busybox-static and the tests run as root: a missing piece is a failure.
        Assert.True(File.Exists(Runc) && File.Exists(Busybox) && Environment.UserName == "root",
            "needs root, /usr/sbin/runc and /bin/busybox (scripts/build.sh installs them)");
        var rootfs = Path.Combine(_dir, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy(Busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "id", "grep" }) File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"), "root:x:0:\nwheel:x:10:root\n");
        var hosts = Path.Combine(_dir, "hosts");
        File.WriteAllText(hosts, "127.0.0.1 localhost\n");

        var id = "berth-spec-test-" + Guid.NewGuid().ToString("N")[..12];
        var spec = SpecGenerator.Generate(
            new ImageConfig { Config = new ContainerConfig { Cmd = args } },
            options ?? new RunOptions { NetworkMode = "none", Ulimits = new Dictionary<string, Ulimit> { ["nofile"] = new(1024, 1024) } },
            rootfs, id, new ContainerFiles { HostsPath = hosts }, new RootfsUserResolver(rootfs));
        File.WriteAllText(Path.Combine(_dir, "config.json"), JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.RuntimeSpec));

        var state = Path.Combine(_dir, "state");
        try
        {
            var (exit, text) = RunRunc(state, "run", "--bundle", _dir, id);
            output.WriteLine(text);
            Assert.True(exit == expected, $"runc exited {exit}, expected {expected}: {text}");
        }
        finally
        {
            RunRunc(state, "delete", "-f", id);
        }
    }

    private static (int Exit, string Output) RunRunc(string state, params string[] args)
    {
        var start = new ProcessStartInfo(Runc) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in (string[])["--root", state, .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("runc did not finish within 60 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
