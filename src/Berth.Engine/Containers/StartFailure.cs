namespace Berth.Engine.Containers;

/// <summary>
/// Docker's reading of a failed start. The docker CLI turns a start error into its exit code by its text:
/// 127 when it says the program was not found, 126 when it could not be run, 125 otherwise; the engine
/// records the same code in the container's state. crun and runc word "not found" their own ways, so the
/// message gains Docker's phrase when the runtime's means the same.
/// </summary>
public static class StartFailure
{
    public const int NotFound = 127;
    public const int CannotInvoke = 126;
    public const int Other = 128;

    public static string Describe(string runtimeMessage)
    {
        if (IsNotFound(runtimeMessage) && !runtimeMessage.Contains("executable file not found", StringComparison.Ordinal))
            return runtimeMessage + ": executable file not found in $PATH";
        // The docker CLI looks for the lower-case phrase; crun writes strerror's "Permission denied".
        if (IsPermissionDenied(runtimeMessage) && !runtimeMessage.Contains("permission denied", StringComparison.Ordinal))
            return runtimeMessage + ": permission denied";
        return runtimeMessage;
    }

    public static int ExitCode(string message) =>
        IsNotFound(message) ? NotFound
        : IsPermissionDenied(message) ? CannotInvoke
        : Other;

    private static bool IsPermissionDenied(string message) => message.Contains("permission denied", StringComparison.OrdinalIgnoreCase);

    private static bool IsNotFound(string message) =>
        message.Contains("executable file not found", StringComparison.Ordinal)
        || (message.Contains("exec", StringComparison.OrdinalIgnoreCase) && message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase))
        || message.Contains("not found in $PATH", StringComparison.Ordinal);
}
