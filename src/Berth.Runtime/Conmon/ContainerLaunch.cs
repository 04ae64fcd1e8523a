namespace Berth.Runtime.Conmon;

/// <summary>One container for a monitor to create.</summary>
public sealed record ContainerLaunch
{
    /// <summary>The container's id: the runtime's container id and the exit file's name.</summary>
    public required string Id { get; init; }

    /// <summary>A name for conmon's own log lines; the id when not set.</summary>
    public string? Name { get; init; }

    /// <summary>The bundle: <c>config.json</c> and, unless the spec says otherwise, <c>rootfs</c>.</summary>
    public required string BundlePath { get; init; }

    /// <summary>The container's log, in conmon's k8s-file format (see <see cref="KubeLogReader"/>).</summary>
    public required string LogPath { get; init; }

    /// <summary>
    /// The container's own directory for the monitor's files: the pid files, and <c>exit</c> (a second copy of
    /// the exit code, kept with the container rather than in the shared exit directory).
    /// </summary>
    public required string PersistDir { get; init; }

    /// <summary>Give the process a pseudo-terminal (<c>-t</c>); the spec's process.terminal must match.</summary>
    public bool Tty { get; init; }

    /// <summary>Keep a pipe to the process's stdin that attach can write to (<c>-i</c>).</summary>
    public bool OpenStdin { get; init; }

    /// <summary>With <see cref="OpenStdin"/>: close stdin when the first attached client detaches (Docker's StdinOnce).</summary>
    public bool StdinOnce { get; init; }

    /// <summary>
    /// The log's size cap in bytes (conmon's <c>--log-size-max</c>): past it conmon starts the file afresh, so a
    /// chatty container cannot fill the disk. 0 means no cap.
    /// </summary>
    public long LogSizeMax { get; init; }
}
