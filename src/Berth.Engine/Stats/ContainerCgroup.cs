using System.Globalization;
using Berth.Runtime.Spec;

namespace Berth.Engine.Stats;

/// <summary>
/// Reads a container's cgroup files, wherever its runtime put them: on cgroup v1 one directory per controller
/// (<c>/sys/fs/cgroup/memory/berth/ID</c>…), on v2 one directory (<c>/sys/fs/cgroup/berth/ID</c>).
/// Missing files read as nothing: a controller may be absent, or the container gone.
/// </summary>
public sealed class ContainerCgroup(string id, string root = "/sys/fs/cgroup")
{
    private readonly string _relative = SpecGenerator.CgroupParent.TrimStart('/') + "/" + id;

    /// <summary>True when the container's cgroup is in the unified (v2) hierarchy rather than the v1 controllers.</summary>
    public bool IsV2 => !Directory.Exists(V1("memory")) && !Directory.Exists(V1("pids")) && File.Exists(Path.Join(root, _relative, "cgroup.procs"));

    /// <summary>The processes in the container, by host pid.</summary>
    public IReadOnlyList<int> Processes()
    {
        foreach (var dir in new[] { V1("pids"), V1("memory"), V1("cpu,cpuacct"), V1("cpuacct"), V1("systemd"), Path.Join(root, _relative) })
        {
            if (ReadLines(Path.Join(dir, "cgroup.procs")) is { } lines)
                return [.. lines.Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 0)];
        }
        return [];
    }

    /// <summary>A v1 controller's file (<paramref name="controller"/> is the hierarchy's directory name).</summary>
    public long? V1Value(string controller, string file) => ReadNumber(Path.Join(V1(controller), file));

    public IReadOnlyList<long> V1Values(string controller, string file) =>
        ReadText(Path.Join(V1(controller), file)) is { } text
            ? [.. text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)]
            : [];

    public long? V2Value(string file) => ReadNumber(Path.Join(root, _relative, file));

    /// <summary>A flat keyed file (<c>memory.stat</c>, <c>cpu.stat</c>): "key value" lines.</summary>
    public Dictionary<string, long> KeyedValues(string path)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in ReadLines(path) ?? [])
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) values[fields[0]] = value;
        }
        return values;
    }

    /// <summary>Whether the container has a cgroup in the v1 hierarchy named <paramref name="controller"/>.</summary>
    public bool HasV1(string controller) => Directory.Exists(V1(controller));

    public string V1File(string controller, string file) => Path.Join(V1(controller), file);

    public string V2File(string file) => Path.Join(root, _relative, file);

    private string V1(string controller) => Path.Join(root, controller, _relative);

    private static long? ReadNumber(string path) =>
        ReadText(path)?.Trim() is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string[]? ReadLines(string path) => ReadText(path)?.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
