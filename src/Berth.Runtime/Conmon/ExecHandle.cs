namespace Berth.Runtime.Conmon;

/// <summary>A running exec session and its monitor.</summary>
/// <param name="ConmonPid">The session's own monitor, which lives until the process has exited and its exit file is written.</param>
/// <param name="Pid">The exec'd process as the host sees it.</param>
public sealed record ExecHandle(string ExecId, int ConmonPid, int Pid)
{
    /// <summary>
    /// The connection made before the process ran, when <see cref="ExecLaunch.Attach"/> asked for one; the caller
    /// owns it and disposes it.
    /// </summary>
    public AttachConnection? Attach { get; init; }
}
