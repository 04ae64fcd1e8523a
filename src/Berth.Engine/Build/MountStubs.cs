using Berth.Runtime.Spec;

namespace Berth.Engine.Build;

/// <summary>
/// The empty files and directories a runtime creates in a rootfs to mount RUN --mount targets on. BuildKit keeps
/// them out of the step's layer; so does Berth, by removing each one that did not exist before the step and is still
/// empty after it (a step that wrote into such a directory outside the mount keeps it).
/// </summary>
internal static class MountStubs
{
    /// <summary>The host paths of the targets, and of their parents, that the rootfs does not have yet; deepest first.</summary>
    public static List<string> Missing(string rootfs, IEnumerable<string> targets)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            for (var path = target.TrimEnd('/'); path.Length > 1; path = ParentOf(path))
            {
                var host = ScopedPath.Resolve(rootfs, path);
                if (File.Exists(host) || Directory.Exists(host) || new FileInfo(host).LinkTarget is not null) break;
                missing.Add(host);
            }
        }
        return [.. missing.OrderByDescending(p => p.Length)];
    }

    public static void Remove(IEnumerable<string> stubs)
    {
        foreach (var path in stubs)
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
            else if (File.Exists(path) && new FileInfo(path).Length == 0) File.Delete(path);
        }
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
