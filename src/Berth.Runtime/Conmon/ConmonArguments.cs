using Berth.Runtime.OciRuntimes;

namespace Berth.Runtime.Conmon;

/// <summary>conmon's command lines for creating a container and for running an exec in one, as Podman builds them.</summary>
internal static class ConmonArguments
{
    /// <summary>The monitor's pid, which the launcher writes before it exits (<c>-P</c>).</summary>
    public static string ConmonPidFile(ContainerLaunch launch) => Path.Combine(launch.PersistDir, "conmon.pid");

    /// <summary>The container's pid, which the runtime writes during create (<c>-p</c>, the runtime's <c>--pid-file</c>).</summary>
    public static string ContainerPidFile(ContainerLaunch launch) => Path.Combine(launch.PersistDir, "container.pid");

    /// <summary>The exec session's monitor's pid.</summary>
    public static string ConmonPidFile(ExecLaunch launch) => Path.Combine(launch.PersistDir, "conmon.pid");

    /// <summary>The exec'd process's pid, which the runtime's exec writes.</summary>
    public static string ExecPidFile(ExecLaunch launch) => Path.Combine(launch.PersistDir, "exec.pid");

    /// <summary>The process spec that the runtime's <c>exec --process</c> reads.</summary>
    public static string ProcessFile(ExecLaunch launch) => Path.Combine(launch.PersistDir, "process.json");

    /// <summary>Where conmon writes the exec's exit code with <c>--persist-dir</c>: the file <c>exit</c> in that directory.</summary>
    public static string ExecExitFile(string persistDir) => Path.Combine(persistDir, "exit");

    public static IReadOnlyList<string> Build(ConmonOptions options, OciRuntimeOptions runtime, ContainerLaunch launch)
    {
        List<string> args =
        [
            .. Common(options, runtime, launch.Id, launch.Id, launch.Name ?? launch.Id),
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
        if (launch.LogSizeMax > 0) args.AddRange(["--log-size-max", launch.LogSizeMax.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return args;
    }

    /// <remarks>
    /// The session's directory is conmon's bundle, where it makes the attach socket and the control fifos.
    /// No <c>--exit-dir</c>: conmon names that file by <c>--cid</c>, the container's id, so it would overwrite the
    /// container's own exit file; the session's exit code goes to its persist directory only.
    /// </remarks>
    public static IReadOnlyList<string> BuildExec(ConmonOptions options, OciRuntimeOptions runtime, ExecLaunch launch)
    {
        List<string> args =
        [
            .. Common(options, runtime, launch.ContainerId, launch.ExecId, launch.ExecId),
            "--bundle", launch.PersistDir,
            "--exec",
            "--exec-process-spec", ProcessFile(launch),
            "--container-pidfile", ExecPidFile(launch),
            "--conmon-pidfile", ConmonPidFile(launch),
            "--persist-dir", launch.PersistDir,
            "--socket-dir-path", options.SocketDir,
            "--log-path", launch.LogPath is null ? "none" : "k8s-file:" + launch.LogPath,
            "--log-level", options.LogLevel,
        ];
        if (launch.Attach) args.Add("--exec-attach");
        if (launch.Tty) args.Add("--terminal");
        if (launch.OpenStdin) args.Add("--stdin");
        return args;
    }

    private static IEnumerable<string> Common(ConmonOptions options, OciRuntimeOptions runtime, string containerId, string uuid, string name) =>
    [
        // Version 1 reports the process's pid as {"data": PID}, the shape SyncMessage reads, and is what exec attach needs.
        "--api-version", "1",
        "--cid", containerId,
        // Attach sockets are keyed by the uuid: SOCKETDIR/UUID/attach.
        "--cuuid", uuid,
        "--name", name,
        "--runtime", runtime.BinaryPath,
        // Runtime args go before the verb: RUNTIME --root=… --log-format=json create|exec ….
        "--runtime-arg", "--root=" + runtime.StateRoot,
        "--runtime-arg", "--log-format=json",
    ];
}
