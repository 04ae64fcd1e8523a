using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>
/// Resolves a path inside a rootfs following symlinks as the container would see them. An image may make
/// /etc/passwd a symlink to anything; an absolute target or enough <c>..</c> must stay inside the rootfs,
/// never reach the host's files.
/// </summary>
public static class ScopedPath
{
    // Linux gives up after 40 links (ELOOP); so does this.
    private const int MaxLinks = 40;

    public static string Resolve(string rootfs, string containerPath)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(Split(containerPath).Reverse());
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var host = Path.Combine([rootfs, .. resolved, part]);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks) throw BerthException.Invalid($"too many levels of symbolic links resolving {containerPath} in the container");
                if (target.StartsWith('/')) resolved.Clear();
                foreach (var next in Split(target).Reverse()) pending.Push(next);
                continue;
            }
            resolved.Add(part);
        }
        return Path.Combine([rootfs, .. resolved]);
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
