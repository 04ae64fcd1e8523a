namespace Berth.Runtime.Spec;

/// <summary>
/// Creates the container's working directory in its rootfs when the image lacks it, as Docker does at start,
/// owned by the user the process runs as. The path is resolved inside the rootfs, so a symlink in the image
/// cannot make the daemon create directories on the host.
/// </summary>
public static class WorkingDirectory
{
    public static void Ensure(string rootfs, string containerPath, uint uid, uint gid)
    {
        var hostPath = ScopedPath.Resolve(rootfs, containerPath);
        if (Directory.Exists(hostPath)) return;
        // Each missing level is created and handed to the user, not only the last one, as Docker's MkdirAllAndChown.
        var missing = new Stack<string>();
        for (var dir = hostPath; !Directory.Exists(dir) && dir.Length > rootfs.Length; dir = Path.GetDirectoryName(dir)!)
            missing.Push(dir);
        foreach (var dir in missing)
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            if (uid != 0 || gid != 0) Interop.Chown(dir, uid, gid);
        }
    }
}
