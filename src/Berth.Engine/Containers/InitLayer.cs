using Berth.Runtime.Spec;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;

namespace Berth.Engine.Containers;

/// <summary>
/// Each container's <em>init layer</em>, as dockerd makes one: a committed snapshot between the image and the
/// container's writable layer holding the mount points the runtime needs (/etc/hosts, /etc/hostname,
/// /etc/resolv.conf, /proc, /sys, /dev…). Without it the runtime would create them in the writable layer, and
/// <c>docker diff</c> and <c>docker commit</c> would show and keep them as the container's own changes.
/// </summary>
public static class InitLayer
{
    private static readonly string[] Directories = ["proc", "sys", "dev", "dev/pts", "dev/shm", "dev/mqueue", "etc"];
    private static readonly string[] Files = ["etc/hosts", "etc/hostname", "etc/resolv.conf", "dev/console"];

    /// <summary>The init layer's committed name for a container.</summary>
    public static string NameOf(string containerId) => containerId + "-init";

    /// <summary>Makes and commits the init layer on <paramref name="parent"/> (the image's top layer, or null).</summary>
    public static async Task CreateAsync(ISnapshotter snapshotter, IMounter mounter, string scratchDir, string containerId, string? parent, CancellationToken cancellationToken)
    {
        var key = "init-" + containerId;
        var target = Path.Join(scratchDir, key);
        var mounts = await snapshotter.PrepareAsync(key, parent, cancellationToken);
        var committed = false;
        try
        {
            Directory.CreateDirectory(target);
            // Volatile: a few empty mount points are not worth the sync of the whole disk that an unmount does.
            await mounter.MountAsync(VolatileOverlay.Apply(mounts), target, cancellationToken);
            try
            {
                AddMountPoints(target);
            }
            finally
            {
                await mounter.UnmountAsync(target, CancellationToken.None);
                Directory.Delete(target);
            }
            await snapshotter.CommitAsync(NameOf(containerId), key, cancellationToken);
            committed = true;
        }
        finally
        {
            if (!committed) await snapshotter.RemoveAsync(key, CancellationToken.None);
        }
    }

    /// <summary>Creates what is missing; anything the image has (a file, a directory, a symlink) is left as it is.</summary>
    private static void AddMountPoints(string root)
    {
        foreach (var dir in Directories)
        {
            var path = ScopedPath.Resolve(root, dir);
            if (!Path.Exists(path)) Directory.CreateDirectory(path);
        }
        foreach (var file in Files)
        {
            var path = Path.Join(ScopedPath.Resolve(root, Path.GetDirectoryName(file)!), Path.GetFileName(file));
            if (Path.Exists(path) || new FileInfo(path).LinkTarget is not null || !Directory.Exists(Path.GetDirectoryName(path))) continue;
            using (File.Create(path)) { }
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
