using Berth.Oci.Runtime;

namespace Berth.Runtime.Conmon;

/// <summary>One process for a monitor to run in a running container (<c>docker exec</c>).</summary>
public sealed record ExecLaunch
{
    /// <summary>The running container to enter: the runtime's container id.</summary>
    public required string ContainerId { get; init; }

    /// <summary>
    /// The session's id, one plain file name. It is the monitor's <c>--cuuid</c>, so the session's attach socket is
    /// <c>SOCKETDIR/EXECID/attach</c> in the directory that containers' sockets share: it must differ from every
    /// container id and every other session's id.
    /// </summary>
    public required string ExecId { get; init; }

    /// <summary>
    /// What to run and as whom, usually the container's own process with other args (and env, user, cwd…).
    /// <c>Terminal</c> is taken from <see cref="Tty"/>.
    /// </summary>
    public required ProcessSpec Process { get; init; }

    /// <summary>
    /// The session's own directory. It is conmon's bundle for the session (the attach socket and the <c>ctl</c>
    /// fifo for <see cref="ConmonControl"/> live here) and its persist directory, and it holds what Berth writes
    /// for it: <c>process.json</c>, the pid files, and <c>exit</c> with the exit code once the process has ended.
    /// </summary>
    public required string PersistDir { get; init; }

    /// <summary>A k8s-file log of the session's output; none when null (output goes only to attached clients).</summary>
    public string? LogPath { get; init; }

    /// <summary>Give the process a pseudo-terminal (<c>-t</c>).</summary>
    public bool Tty { get; init; }

    /// <summary>
    /// Give the process a stdin pipe that the attach connection writes to (<c>-i</c>). It is closed when the
    /// attached client closes its stdin or goes, as Docker does for exec.
    /// </summary>
    public bool OpenStdin { get; init; }

    /// <summary>
    /// Connect to the session's attach socket before the process runs, so none of its output is missed
    /// (conmon's <c>--exec-attach</c>); the connection comes back in <see cref="ExecHandle.Attach"/>. Without it
    /// the process runs at once and a client that attaches later sees only what comes after.
    /// </summary>
    public bool Attach { get; init; }
}
