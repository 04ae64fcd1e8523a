namespace Berth.Runtime.Cgroups;

/// <summary>
/// Finds a program the way a shell would, plus the standard system directories: a daemon started by an
/// init system or a test runner often has a PATH without the sbin directories where runc and mount live.
/// </summary>
public static class ExecutableSearch
{
    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of <paramref name="name"/> (or <paramref name="name"/> itself when it is a path), or null.</summary>
    public static string? Find(string name)
    {
        if (name.Contains('/')) return IsExecutable(name) ? name : null;
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Concat(SystemDirectories).Select(dir => Path.Combine(dir, name)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
