using System.Text.Json;
using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.Cgroups;
using Berth.Runtime.Conmon;
using Berth.Runtime.OciRuntimes;
using Berth.Runtime.Spec;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>
/// A temporary world for real containers under conmon and runc: busybox bundles, a runtime state root, exit and
/// socket directories. Disposing it deletes every container it made, kills any conmon still alive and removes
/// the directories, so a failing test leaves no processes behind.
/// </summary>
/// <remarks>
/// runc by default: crun 1.8 refuses this kind of hybrid cgroup host unless hugetlb is mounted, which
/// <see cref="ForRuntimeAsync"/> sees to for crun.
/// </remarks>
internal sealed class ConmonScratch : IAsyncDisposable
{
    private const string Runc = "/usr/sbin/runc";
    private const string Crun = "/usr/bin/crun";
    private const string ConmonBinary = "/usr/bin/conmon";
    private const string Busybox = "/bin/busybox";

    private readonly string _dir = Directory.CreateTempSubdirectory("berth-conmon-").FullName;
    private readonly List<string> _ids = [];
    private readonly List<int> _conmonPids = [];

    /// <param name="runtime">runc or crun; crun only on a host prepared for it (see <see cref="ForRuntimeAsync"/>).</param>
    public ConmonScratch(string runtime = "runc")
    {
        var binary = runtime == "crun" ? Crun : Runc;
        Assert.True(File.Exists(binary) && File.Exists(ConmonBinary) && File.Exists(Busybox) && Environment.UserName == "root",
            $"needs root, {runtime}, conmon and busybox (scripts/build.sh installs them)");
        Runtime = new OciRuntimeCli(new OciRuntimeOptions(runtime, binary, Path.Combine(_dir, "state")));
        Options = new ConmonOptions
        {
            ConmonPath = ConmonBinary,
            ExitDir = Path.Combine(_dir, "exits"),
            SocketDir = Path.Combine(_dir, "sockets"),
            CreateTimeout = TimeSpan.FromSeconds(20),
        };
    }

    public OciRuntimeCli Runtime { get; }
    public ConmonOptions Options { get; }

    /// <summary>
    /// A scratch for <paramref name="runtime"/>, with the host's cgroups prepared for it as berthd does on start-up.
    /// On this project's hosts crun works once prepared; the preparer's message says why when it does not.
    /// </summary>
    public static async Task<ConmonScratch> ForRuntimeAsync(string runtime)
    {
        if (runtime == "crun")
        {
            var decision = await CgroupPreparer.ForHost().PrepareAsync("crun");
            Assert.True(decision.Runtime == "crun", decision.Message);
        }
        return new ConmonScratch(runtime);
    }

    /// <summary>A supervisor as a freshly started daemon would make it.</summary>
    public ConmonSupervisor NewSupervisor() => new(Options, Runtime, NullLogger<ConmonSupervisor>.Instance);

    /// <summary>A bundle whose process runs <paramref name="args"/> in a busybox rootfs.</summary>
    /// <param name="pidNamespace">
    /// False to share the host's PID namespace, so that the process is not an init and dies of signals it has
    /// no handler for (see <see cref="IOciRuntime.KillAsync"/>).
    /// </param>
    /// <param name="tty">Give the process a terminal: the spec's and the launch's both say so.</param>
    public ContainerLaunch Bundle(IReadOnlyList<string> args, bool pidNamespace = true, bool tty = false)
    {
        var id = "berth-conmon-" + Guid.NewGuid().ToString("N")[..12];
        _ids.Add(id);
        var home = Path.Combine(_dir, id);
        var bundle = Path.Combine(home, "bundle");
        var rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy(Busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "sleep", "echo", "cat", "stty" }) File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"), "root:x:0:\n");

        var spec = SpecGenerator.Generate(
            new ImageConfig { Config = new ContainerConfig { Cmd = args } }, new RunOptions { NetworkMode = "none", Tty = tty },
            rootfs, id, new ContainerFiles(), new RootfsUserResolver(rootfs));
        if (!pidNamespace)
            spec = spec with { Linux = spec.Linux! with { Namespaces = spec.Linux.Namespaces!.Where(n => n.Type != "pid").ToList() } };
        File.WriteAllText(Path.Combine(bundle, "config.json"), JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.RuntimeSpec));
        return new ContainerLaunch
        {
            Id = id,
            BundlePath = bundle,
            LogPath = Path.Combine(home, "ctr.log"),
            PersistDir = Path.Combine(home, "persist"),
            Tty = tty,
        };
    }

    /// <summary>
    /// An exec of <paramref name="args"/> in <paramref name="container"/>: the container's own process (user, env,
    /// capabilities…) with other args, as <c>docker exec</c> builds it, and a session directory beside the container's.
    /// </summary>
    public ExecLaunch Exec(ContainerLaunch container, IReadOnlyList<string> args)
    {
        var spec = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(container.BundlePath, "config.json")), RuntimeJsonContext.Default.RuntimeSpec)!;
        var execId = "berth-exec-" + Guid.NewGuid().ToString("N")[..12];
        return new ExecLaunch
        {
            ContainerId = container.Id,
            ExecId = execId,
            Process = spec.Process with { Args = args },
            PersistDir = Path.Combine(Path.GetDirectoryName(container.BundlePath)!, "execs", execId),
        };
    }

    /// <summary>Execs through <paramref name="supervisor"/> and remembers the monitor for clean-up.</summary>
    public async Task<ExecHandle> ExecAsync(ConmonSupervisor supervisor, ExecLaunch launch)
    {
        var handle = await supervisor.ExecAsync(launch);
        _conmonPids.Add(handle.ConmonPid);
        return handle;
    }

    /// <summary>Creates through <paramref name="supervisor"/> and remembers the monitor for clean-up.</summary>
    public async Task<ConmonHandle> CreateAsync(ConmonSupervisor supervisor, ContainerLaunch launch)
    {
        var handle = await supervisor.CreateAsync(launch);
        _conmonPids.Add(handle.ConmonPid);
        return handle;
    }

    /// <summary>Whether <paramref name="pid"/> is a live conmon (not a zombie, not a recycled pid).</summary>
    public static bool IsConmonAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return stat.Contains("(conmon)", StringComparison.Ordinal) && fields[0] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The parent of <paramref name="pid"/> from /proc.</summary>
    public static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _ids)
        {
            try
            {
                await Runtime.DeleteAsync(id, force: true);
            }
            catch (BerthException)
            {
                // Clean-up goes on: the directory removal below still matters.
            }
        }
        // With its container gone a monitor writes the exit file and exits; one that does not is killed.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        foreach (var pid in _conmonPids)
        {
            while (IsConmonAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(20);
            if (IsConmonAlive(pid)) System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        Directory.Delete(_dir, recursive: true);
    }
}
