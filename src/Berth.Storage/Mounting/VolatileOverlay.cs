namespace Berth.Storage.Mounting;

/// <summary>
/// overlayfs's <c>volatile</c> option, for writable layers that need not outlive a crash: the init layer while it
/// is made, and the rootfs of a <c>--rm</c> container (as Podman mounts those). Without it every unmount of an
/// overlay syncs the whole file system that holds the upper directory (a journal commit and a disk flush, and,
/// on a busy host, every dirty page of every other writer on that disk): tens of milliseconds per container.
/// </summary>
/// <remarks>
/// A volatile mount leaves <c>WORKDIR/work/incompat/volatile</c> behind, even after a clean unmount, and the kernel
/// then refuses any mount of that upper directory until it is gone (<see cref="ClearMarker"/>). The option came with
/// Linux 5.10; older kernels get the mounts unchanged.
/// </remarks>
public static class VolatileOverlay
{
    private const string Option = "volatile";

    /// <summary>Whether this kernel's overlayfs knows the option.</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 10);

    /// <summary>The mounts with <c>volatile</c> added to every writable overlay among them, where the kernel has it.</summary>
    public static IReadOnlyList<Mount> Apply(IReadOnlyList<Mount> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (!Supported) return mounts;
        return mounts.Select(mount => IsWritableOverlay(mount) && !mount.Options.Contains(Option)
            ? mount with { Options = [.. mount.Options, Option] }
            : mount).ToList();
    }

    /// <summary>
    /// Removes the mark an earlier volatile mount of <paramref name="mount"/>'s upper directory left, so that it can
    /// be mounted again. Called before every overlay mount: the mark stays after a clean unmount too, and a layer
    /// whose volatile mount did not end cleanly is a <c>--rm</c> container's, which is thrown away anyway.
    /// </summary>
    public static void ClearMarker(Mount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        if (mount.Type != "overlay" || mount.Option("workdir") is not { } workdir) return;
        var marker = Path.Join(workdir, "work", "incompat", Option);
        if (Directory.Exists(marker)) Directory.Delete(marker, recursive: true);
    }

    private static bool IsWritableOverlay(Mount mount) => mount.Type == "overlay" && mount.Option("upperdir") is not null;
}
