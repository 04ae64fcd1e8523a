using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// The device cgroup: deny everything, then allow the character devices every program expects (the same
/// nodes the runtime creates in /dev). Writing the list out rather than relying on the runtime's implicit
/// additions keeps crun and runc identical.
/// </summary>
internal static class DeviceRules
{
    public static IReadOnlyList<LinuxDeviceCgroup> Default { get; } =
    [
        new() { Allow = false, Access = "rwm" },
        Char(1, 3),   // null
        Char(1, 5),   // zero
        Char(1, 7),   // full
        Char(1, 8),   // random
        Char(1, 9),   // urandom
        Char(5, 0),   // tty
        Char(5, 1),   // console
        Char(5, 2),   // ptmx
        Char(136, null), // the container's own pseudo-terminals, /dev/pts/*
    ];

    /// <summary>A privileged container may use every device.</summary>
    public static IReadOnlyList<LinuxDeviceCgroup> AllowAll { get; } = [new() { Allow = true, Access = "rwm" }];

    private static LinuxDeviceCgroup Char(long major, long? minor) =>
        new() { Allow = true, Type = "c", Major = major, Minor = minor, Access = "rwm" };
}
