using System.Runtime.Versioning;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// Resolves the directory part of a layer path inside the root the way the kernel would after
/// <c>chroot(root)</c>: each component is lstat'ed, a symlink is followed with an absolute target taken from
/// the root and '..' stopping at the root, so a symlink in the layer (say <c>etc -> /etc</c> or
/// <c>x -> ../../..</c>) can never lead a later entry out to the host. The result names only real
/// directories, so the caller can then create the last component with no symlink left to follow.
/// </summary>
/// <remarks>
/// This walks the disk and then acts on the path, which is safe only because nothing else changes the target
/// while a layer is applied (it is a snapshot no container runs on yet).
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class ScopedResolver
{
    /// <summary>The most symlinks one resolution follows before it gives up, like the kernel's ELOOP.</summary>
    public const int MaxSymlinks = 255;

    /// <summary>
    /// Returns the root-relative path (no leading '/', "" for the root) of the real directory that
    /// <paramref name="components"/> name. A missing directory is created (mode 0755, reported to
    /// <paramref name="onCreated"/>) when <paramref name="createMissing"/> is set; otherwise null is returned.
    /// With <paramref name="rejectEscapingLinks"/>, a symlink whose target would leave the root if the host
    /// followed it (absolute, or climbing with '..') is an error instead of being confined.
    /// </summary>
    public static string? ResolveDirectory(
        string root,
        string entryName,
        IEnumerable<string> components,
        bool createMissing,
        bool rejectEscapingLinks,
        Action<string>? onCreated = null)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(components);
        var symlinks = 0;
        while (pending.First is { } first)
        {
            var part = first.Value;
            pending.RemoveFirst();
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }

            resolved.Add(part);
            var relative = string.Join('/', resolved);
            var hostPath = Path.Join(root, relative);
            var stat = Native.Lstat(hostPath);
            if (stat is null)
            {
                if (!createMissing)
                {
                    return null;
                }
                Directory.CreateDirectory(hostPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                onCreated?.Invoke(relative);
            }
            else if (stat.Value.IsSymlink)
            {
                resolved.RemoveAt(resolved.Count - 1);
                if (++symlinks > MaxSymlinks)
                {
                    throw BerthException.Invalid($"layer entry \"{entryName}\": too many levels of symbolic links");
                }
                var target = new FileInfo(hostPath).LinkTarget ?? "";
                if (rejectEscapingLinks && LeavesRoot(resolved.Count, target))
                {
                    throw BerthException.Invalid(
                        $"layer entry \"{entryName}\" goes through symlink \"{relative}\" -> \"{target}\", which points outside the layer root");
                }
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }
                foreach (var targetPart in target.Split('/').Reverse())
                {
                    pending.AddFirst(targetPart);
                }
            }
            else if (!stat.Value.IsDirectory)
            {
                throw BerthException.Invalid($"layer entry \"{entryName}\": \"{relative}\" is not a directory");
            }
        }
        return string.Join('/', resolved);
    }

    // Whether the host, following this link from a directory `depth` levels below the root, would leave it.
    private static bool LeavesRoot(int depth, string target)
    {
        if (target.StartsWith('/'))
        {
            return true;
        }
        foreach (var part in target.Split('/'))
        {
            depth += part switch { "" or "." => 0, ".." => -1, _ => 1 };
            if (depth < 0)
            {
                return true;
            }
        }
        return false;
    }
}
