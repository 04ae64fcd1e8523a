using Berth.Runtime.OciRuntimes;

namespace Berth.Runtime.Conmon;

/// <summary>conmon's command line for creating one container, as Podman builds it.</summary>
internal static class ConmonArguments
{
    /// <summary>The monitor's pid, which the launcher writes before it exits (<c>-P</c>).</summary>
    public static string ConmonPidFile(ContainerLaunch launch) => Path.Combine(launch.PersistDir, "conmon.pid");

    /// <summary>The container's pid, which the runtime writes during create (<c>-p</c>, the runtime's <c>--pid-file</c>).</summary>
    public static string ContainerPidFile(ContainerLaunch launch) => Path.Combine(launch.PersistDir, "container.pid");

    public static IReadOnlyList<string> Build(ConmonOptions options, OciRuntimeOptions runtime, ContainerLaunch launch)
    {
        List<string> args =
        [
            // Version 1 reports the container pid as {"data": PID}, the shape SyncMessage reads.
            "--api-version", "1",
            "--cid", launch.Id,
            // Attach sockets and journald entries are keyed by the uuid; one id for both keeps one name per container.
            "--cuuid", launch.Id,
            "--name", launch.Name ?? launch.Id,
            "--runtime", runtime.BinaryPath,
            // Runtime args go before the verb: RUNTIME --root=… --log-format=json create --bundle … ID.
            "--runtime-arg", "--root=" + runtime.StateRoot,
            "--runtime-arg", "--log-format=json",
            "--bundle", launch.BundlePath,
            "--container-pidfile", ContainerPidFile(launch),
            "--conmon-pidfile", ConmonPidFile(launch),
            "--exit-dir", options.ExitDir,
            "--persist-dir", launch.PersistDir,
            "--socket-dir-path", options.SocketDir,
            "--log-path", "k8s-file:" + launch.LogPath,
            "--log-level", options.LogLevel,
        ];
        if (launch.Tty) args.Add("--terminal");
        if (launch.OpenStdin) args.Add("--stdin");
        // Without it conmon closes the process's stdin when the attached client goes: Docker's StdinOnce.
        if (launch.OpenStdin && !launch.StdinOnce) args.Add("--leave-stdin-open");
        return args;
    }
}
