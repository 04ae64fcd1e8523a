using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests.Spec;

/// <summary>A fixed host and user table, so specs do not depend on the machine the tests run on.</summary>
internal static class SpecFixtures
{
    public const string ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string Rootfs = "/var/lib/berth/containers/x/rootfs";

    public static HostInfo Host(IEnumerable<string>? capabilities = null) => new()
    {
        Capabilities = (capabilities ?? CapabilitySet.Known).ToHashSet(),
        Architecture = "amd64",
        KernelVersion = new Version(6, 1, 0),
        Hostname = "buildhost",
        CpuCount = 4,
        InitPath = "/usr/bin/catatonit",
        ListDevices = () => [new LinuxDevice { Path = "/dev/sda", Type = "b", Major = 8, Minor = 0, FileMode = 432 }],
    };

    public static ImageConfig Image(ContainerConfig? config = null) =>
        new() { Config = config ?? new ContainerConfig { Cmd = ["sh"] } };

    public static RuntimeSpec Generate(RunOptions? options = null, ImageConfig? image = null, ContainerFiles? files = null, HostInfo? host = null) =>
        SpecGenerator.Generate(image ?? Image(), options ?? new RunOptions(), Rootfs, ContainerId, files ?? new ContainerFiles(), new RootUsers(), host ?? Host());

    public static BerthException Invalid(Action action)
    {
        var e = Assert.Throws<BerthException>(action);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        return e;
    }

    /// <summary>Everyone is root with home /root; numeric ids pass through.</summary>
    private sealed class RootUsers : IUserResolver
    {
        public ResolvedUser ResolveUser(string user) => user switch
        {
            "" or "root" or "0" => new ResolvedUser { Uid = 0, Gid = 0, AdditionalGids = [], Home = "/root" },
            _ when uint.TryParse(user, out var uid) => new ResolvedUser { Uid = uid, Gid = 0, AdditionalGids = [], Home = "/" },
            _ => throw BerthException.Invalid($"unable to find user {user}: no matching entries in passwd file"),
        };

        public uint ResolveGroup(string group) => uint.Parse(group);
    }
}
