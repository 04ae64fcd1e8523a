namespace Berth.Runtime.Conmon;

/// <summary>
/// The exit code of an exec whose process never ran, as <c>docker exec</c> reports it: the runtime refused before
/// the program started, so there is no status of the program's own.
/// </summary>
internal static class ExecExitCodes
{
    /// <summary>The program was found but cannot be run: a directory, no execute permission, not allowed.</summary>
    public const int CannotInvoke = 126;

    /// <summary>No such program (or no such working directory).</summary>
    public const int NotFound = 127;

    /// <summary>
    /// The code for the runtime's error message. runc says <c>exec: "x": executable file not found in $PATH</c>
    /// or <c>stat /x: no such file or directory</c>; crun says <c>executable file `x` not found in $PATH: No such
    /// file or directory</c>. Anything else that stopped the program (runc's <c>permission denied</c>, crun's
    /// <c>open executable: Operation not permitted</c>) is the shell's "cannot execute".
    /// </summary>
    public static int ForRuntimeError(string message) =>
        message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not found in $PATH", StringComparison.Ordinal)
        || message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase)
            ? NotFound
            : CannotInvoke;
}
