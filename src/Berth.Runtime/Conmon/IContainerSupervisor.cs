namespace Berth.Runtime.Conmon;

/// <summary>
/// Runs containers under a monitor process that outlives the daemon, the way Podman and CRI-O do with conmon.
/// </summary>
/// <remarks>
/// <para>
/// Terms. The <em>monitor</em> (conmon) is a small process per container: it runs the OCI runtime's create, then
/// stays as the container process's parent (a child subreaper), copies the process's stdout and stderr into the
/// container's log file, serves attach, and when the process exits writes its exit code to the <em>exit file</em>
/// <c>EXITDIR/ID</c>. It detaches from whoever started it, so the daemon can stop, crash or be upgraded while
/// containers keep running; a new daemon finds exit codes in the exit files.
/// </para>
/// <para>
/// Lifecycle: <see cref="CreateAsync"/> starts the monitor and returns once the runtime has created the
/// container (its process exists but has not exec'd the user's program) or failed to;
/// <see cref="StartAsync"/> lets the program run; the exit file appears when it exits
/// (<see cref="ReadExitCodeAsync"/>, <see cref="WaitAsync"/>); the runtime's delete then clears the runtime's
/// state. Create again with the same id (a restart) clears the previous exit file first.
/// </para>
/// <para>
/// Exit codes are the shell's: the program's own status, or 128 + the signal that killed it (137 for SIGKILL,
/// 143 for SIGTERM); -1 when the monitor killed the container for its timeout.
/// </para>
/// <para>
/// Exec runs one more process in a running container under a monitor of its own, with its own id, attach socket
/// (<c>SOCKETDIR/EXECID/attach</c>) and exit file in the session's directory. Its exit code is the process's, or,
/// when the runtime could not start the program at all, 127 (not found) or 126 (cannot be run), as
/// <c>docker exec</c> reports them.
/// </para>
/// </remarks>
public interface IContainerSupervisor
{
    /// <summary>Starts a monitor that creates the container; returns both processes' ids.</summary>
    /// <exception cref="Berth.Oci.BerthException">The runtime's message when it could not create the container.</exception>
    Task<ConmonHandle> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken = default);

    /// <summary>Runs the user's program in a created container.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The container's exit code once its exit file exists, waiting up to <paramref name="timeout"/> for it;
    /// null when it is still running at the end (<see cref="TimeSpan.Zero"/> only looks).
    /// </summary>
    Task<int?> ReadExitCodeAsync(string id, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Waits for the container to exit, however long it takes, and returns its exit code.</summary>
    Task<int> WaitAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a process in a running container and returns once it runs; with <see cref="ExecLaunch.Attach"/> the
    /// handle carries a connection made before it ran.
    /// </summary>
    /// <exception cref="Berth.Oci.BerthException">
    /// The runtime's message when it could not start the process (<c>OCI runtime exec failed: …</c>); the session's
    /// exit code (127 or 126) is recorded all the same.
    /// </exception>
    Task<ExecHandle> ExecAsync(ExecLaunch launch, CancellationToken cancellationToken = default);

    /// <summary>
    /// An exec session's exit code once it has one, waiting up to <paramref name="timeout"/>; null while its process
    /// runs. <paramref name="persistDir"/> is the session's <see cref="ExecLaunch.PersistDir"/>.
    /// </summary>
    Task<int?> ReadExecExitCodeAsync(string execId, string persistDir, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Waits for an exec session's process to exit, however long it takes, and returns its exit code.</summary>
    Task<int> WaitExecAsync(string execId, string persistDir, CancellationToken cancellationToken = default);
}
