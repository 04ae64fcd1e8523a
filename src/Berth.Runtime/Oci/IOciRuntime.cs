// The folder is Oci/ but the namespace is not Berth.Runtime.Oci: inside Berth.Runtime that name would hide
// Berth.Oci from every partly qualified `Oci.…` reference (Oci.BerthException, Oci.Runtime.RuntimeSpec).
namespace Berth.Runtime.OciRuntimes;

/// <summary>
/// An OCI runtime (crun, runc) driven through its command line, one call per operation.
/// </summary>
/// <remarks>
/// <para>
/// Terms. A <em>bundle</em> is a directory holding <c>config.json</c> (the runtime spec) and the root
/// filesystem. The <em>state root</em> (<c>--root</c>) is where the runtime keeps one directory per
/// container it knows; Berth gives each runtime its own state root under the data root, so a runtime
/// never lists or touches containers that are not Berth's, and Berth never sees anyone else's.
/// </para>
/// <para>
/// Lifecycle (the runtime spec's): <c>create</c> sets the container up (namespaces, cgroup, mounts) and
/// leaves its process waiting before the user's program — status <see cref="OciStatus.Created"/>;
/// <see cref="StartAsync"/> lets it exec the program — <see cref="OciStatus.Running"/>; when the process exits
/// the container is <see cref="OciStatus.Stopped"/> but still known to the runtime until
/// <see cref="DeleteAsync"/> removes its state and cgroup. <see cref="PauseAsync"/> and
/// <see cref="ResumeAsync"/> freeze and thaw a running container's cgroup (<see cref="OciStatus.Paused"/>).
/// </para>
/// <para>
/// Create is not here: Berth never runs it directly. conmon runs it (see <c>ConmonSupervisor</c>), because the
/// process that runs create hands its stdio to the container, and conmon is the process that must own the
/// container's stdio, logs and exit code for as long as the container lives.
/// </para>
/// Every failure the runtime reports becomes a <see cref="Berth.Oci.BerthException"/> carrying the runtime's
/// own message: <see cref="Berth.Oci.ErrorKind.NotFound"/> when the runtime does not know the container.
/// </remarks>
public interface IOciRuntime
{
    /// <summary>The binary and state root; conmon needs both to run create for this runtime.</summary>
    OciRuntimeOptions Options { get; }

    /// <summary>The runtime's view of a container (<c>runtime state ID</c>).</summary>
    Task<OciState> StateAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Runs the user's program in a created container (<c>runtime start ID</c>).</summary>
    Task StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="signal"/> (a name such as <c>TERM</c> or <c>SIGKILL</c>, or a number) to the
    /// container's process, or with <paramref name="all"/> to every process in its cgroup.
    /// </summary>
    /// <remarks>
    /// The container's process is PID 1 of its PID namespace: the kernel drops every signal sent to it for
    /// which it has no handler, except SIGKILL and SIGSTOP. That is why <c>docker stop</c> on a plain
    /// <c>sleep</c> waits out its timeout and then kills.
    /// </remarks>
    Task KillAsync(string id, string signal, bool all = false, CancellationToken cancellationToken = default);

    /// <summary>Freezes every process in the container's cgroup.</summary>
    Task PauseAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Thaws a paused container.</summary>
    Task ResumeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets a stopped container: its state directory and cgroup go. With <paramref name="force"/> a running
    /// container is killed first, and a container the runtime does not know is not an error.
    /// </summary>
    Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default);
}
