using Berth.Engine.Containers;
using Berth.Engine.Snapshots;
using Berth.Runtime.Cgroups;
using Berth.Runtime.Conmon;
using Berth.Runtime.OciRuntimes;
using Berth.Storage;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;

namespace Berth.Daemon.Hosting;

/// <summary>
/// What berthd settles about the host before it serves containers: the snapshotter (overlay where it works,
/// native otherwise), the OCI runtimes and conmon, and the cgroup repairs the preferred runtime needs.
/// Each choice is logged with its reason.
/// </summary>
public sealed partial class ContainerHost
{
    private static readonly string[] KnownRuntimes = ["crun", "runc"];

    public required SnapshotterChoice Snapshotter { get; init; }
    public required ILayerSnapshotter Snapshots { get; init; }
    public required string SnapshotterRoot { get; init; }
    public required IMounter Mounter { get; init; }
    public required ContainerLayout Layout { get; init; }
    public required string DefaultRuntime { get; init; }
    public required Func<ILoggerFactory, ContainerRuntimes> Runtimes { get; init; }

    public static async Task<ContainerHost> PrepareAsync(DaemonOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var mounter = new KernelMounter();
        var snapshotsRoot = Path.Join(options.DataRoot, "snapshots");
        var choice = await Snapshotters.DetectAsync(snapshotsRoot, mounter, cancellationToken: cancellationToken);
        LogSnapshotter(logger, choice.Name, choice.Reason);
        var snapshotterRoot = Path.Join(snapshotsRoot, choice.Name);
        var layout = new ContainerLayout(options.DataRoot, options.ExecRoot);

        var conmon = ExecutableSearch.Find("conmon");
        string defaultRuntime = options.Runtime;
        string? unavailable = null;
        if (conmon is null)
        {
            unavailable = "containers cannot run on this host: conmon is not installed (Debian package conmon)";
            LogUnavailable(logger, unavailable);
        }
        else
        {
            try
            {
                var decision = await CgroupPreparer.ForHost().PrepareAsync(options.Runtime, cancellationToken);
                defaultRuntime = decision.Runtime;
                LogRuntime(logger, decision.Message);
            }
            catch (Oci.BerthException e)
            {
                unavailable = e.Message;
                LogUnavailable(logger, unavailable);
            }
        }
        return new ContainerHost
        {
            Snapshotter = choice,
            Snapshots = Snapshotters.Open(choice.Name, snapshotterRoot),
            SnapshotterRoot = snapshotterRoot,
            Mounter = mounter,
            Layout = layout,
            DefaultRuntime = defaultRuntime,
            Runtimes = loggers => BuildRuntimes(layout, conmon, defaultRuntime, unavailable, loggers),
        };
    }

    private static ContainerRuntimes BuildRuntimes(ContainerLayout layout, string? conmon, string defaultRuntime, string? unavailable, ILoggerFactory loggers)
    {
        var runtimes = new Dictionary<string, ContainerRuntime>();
        if (conmon is not null)
        {
            var conmonOptions = new ConmonOptions { ConmonPath = conmon, ExitDir = layout.ExitDir, SocketDir = layout.SocketDir };
            foreach (var name in KnownRuntimes.Append(defaultRuntime).Distinct())
            {
                if (ExecutableSearch.Find(name) is not { } path) continue;
                var runtime = new OciRuntimeCli(new OciRuntimeOptions(Path.GetFileName(name), path, layout.RuntimeStateRoot(Path.GetFileName(name))));
                runtimes[name] = new ContainerRuntime(runtime, new ConmonSupervisor(conmonOptions, runtime, loggers.CreateLogger<ConmonSupervisor>()));
            }
        }
        if (unavailable is null && !runtimes.ContainsKey(defaultRuntime))
            unavailable = $"containers cannot run on this host: the OCI runtime {defaultRuntime} is not installed";
        return new ContainerRuntimes(defaultRuntime, runtimes, unavailable);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "snapshotter {Name}: {Reason}")]
    private static partial void LogSnapshotter(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCI runtime: {Message}")]
    private static partial void LogRuntime(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogUnavailable(ILogger logger, string message);
}
