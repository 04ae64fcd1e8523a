namespace Berth.Integration.Tests.Infrastructure;

/// <summary>The host's processes as /proc shows them: for finding what a daemon left running.</summary>
public static class HostProcesses
{
    /// <summary>Pids of conmon processes whose command line mentions <paramref name="path"/> (their daemon's directories).</summary>
    public static IReadOnlyList<int> ConmonsUnder(string path) =>
        [.. All().Where(p => p.Comm == "conmon" && p.CommandLine.Contains(path, StringComparison.Ordinal)).Select(p => p.Pid)];

    public static IReadOnlyList<int> ChildrenOf(int pid) => [.. All().Where(p => p.ParentPid == pid).Select(p => p.Pid)];

    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Open file descriptors of a process.</summary>
    public static int FdCount(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    /// <summary>Where each of the process's descriptors points, for a message when the count grew.</summary>
    public static IReadOnlyList<string> FdTargets(int pid)
    {
        var targets = new List<string>();
        foreach (var fd in Directory.GetFileSystemEntries($"/proc/{pid}/fd"))
        {
            try { targets.Add(new FileInfo(fd).LinkTarget ?? "?"); }
            catch (IOException) { }
        }
        return targets;
    }

    public static void Kill(int pid)
    {
        if (Exists(pid)) _ = Signal(pid, 9);
    }

    public static IEnumerable<(int Pid, int ParentPid, string Comm, string CommandLine)> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat, cmdline;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Gone meanwhile.
            }
            // pid (comm) state ppid …; comm may hold spaces and parentheses, so split at the last ')'.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < 0) continue;
            var comm = stat[(open + 1)..close];
            var rest = stat[(close + 2)..].Split(' ');
            yield return (pid, int.Parse(rest[1]), comm, cmdline);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int pid, int signal);
}

/// <summary>The host's mount table (/proc/self/mountinfo).</summary>
public static class HostMounts
{
    /// <summary>Mount points at or below <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Under(string path) =>
        [.. File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " "))
            .Where(point => point == path || point.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal))];
}

/// <summary>Cgroup directories that the runtime made for a container (<c>/sys/fs/cgroup/*/berth/ID</c> on v1, <c>/sys/fs/cgroup/berth/ID</c> on v2).</summary>
public static class HostCgroups
{
    public static IReadOnlyList<string> Of(string containerId)
    {
        var found = new List<string>();
        var unified = Path.Combine("/sys/fs/cgroup", "berth", containerId);
        if (Directory.Exists(unified)) found.Add(unified);
        foreach (var controller in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            var dir = Path.Combine(controller, "berth", containerId);
            if (Directory.Exists(dir)) found.Add(dir);
        }
        return found;
    }

    /// <summary>A v1 controller's file for the container, or the v2 one: <c>Find(id, "pids", "pids.max")</c>.</summary>
    public static string? File(string containerId, string controller, string name)
    {
        foreach (var candidate in new[] { Path.Combine("/sys/fs/cgroup", controller, "berth", containerId, name), Path.Combine("/sys/fs/cgroup", "berth", containerId, name) })
        {
            if (System.IO.File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
