using System.Globalization;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// The filesystems every container gets, with Docker's options: a private /proc, a small tmpfs /dev for
/// the runtime to fill with device nodes, its own devpts (gid 5 is tty in every common distro), sysfs and
/// the cgroup tree read-only, POSIX message queues, and a /dev/shm sized by <c>--shm-size</c>.
/// </summary>
internal static class SystemMounts
{
    public const long DefaultShmSize = 64L * 1024 * 1024;

    public static List<MountSpec> Build(bool privileged, long shmSize)
    {
        // A privileged container may write /sys and its cgroups, as with Docker.
        var sysAccess = privileged ? "rw" : "ro";
        var shm = shmSize > 0 ? shmSize : DefaultShmSize;
        return
        [
            Mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", sysAccess),
            Mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", sysAccess),
            Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=" + shm.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    private static MountSpec Mount(string destination, string type, string source, params string[] options) =>
        new() { Destination = destination, Type = type, Source = source, Options = options };
}
