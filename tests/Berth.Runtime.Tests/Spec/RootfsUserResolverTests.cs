using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class RootfsUserResolverTests : IDisposable
{
    private readonly string _rootfs = Directory.CreateTempSubdirectory("berth-users-").FullName;
    private readonly RootfsUserResolver _users;

    public RootfsUserResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc"));
        File.WriteAllText(Path.Combine(_rootfs, "etc", "passwd"), """
            # comment
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

            app:x:1000:1000:App:/home/app:/bin/sh
            nohome:x:1001:1001
            """);
        File.WriteAllText(Path.Combine(_rootfs, "etc", "group"), """
            root:x:0:
            wheel:x:10:root,app
            app:x:1000:
            docker:x:999:app
            audio:x:29:
            """);
        _users = new RootfsUserResolver(_rootfs);
    }

    [Fact]
    public void Empty_IsRoot_WithRootsHomeAndGroups()
    {
        var user = _users.ResolveUser("");
        Assert.Equal((0u, 0u, "/root"), (user.Uid, user.Gid, user.Home));
        Assert.Equal([10u], user.AdditionalGids);
    }

    [Fact]
    public void Name_ResolvesIdsHomeAndSupplementaryGroups()
    {
        var user = _users.ResolveUser("app");
        Assert.Equal((1000u, 1000u, "/home/app"), (user.Uid, user.Gid, user.Home));
        Assert.Equal([10u, 999u], user.AdditionalGids);
    }

    [Fact]
    public void Uid_FindsTheEntry()
    {
        var user = _users.ResolveUser("1000");
        Assert.Equal((1000u, 1000u, "/home/app"), (user.Uid, user.Gid, user.Home));
    }

    [Fact]
    public void UnknownUid_PassesThrough_WithGidZeroAndHomeSlash()
    {
        var user = _users.ResolveUser("4242");
        Assert.Equal((4242u, 0u, "/"), (user.Uid, user.Gid, user.Home));
        Assert.Empty(user.AdditionalGids);
    }

    [Fact]
    public void UidGid_AndNameGroup_ReplaceThePrimaryGroup_WithoutSupplementaryOnes()
    {
        var numeric = _users.ResolveUser("4242:4343");
        Assert.Equal((4242u, 4343u), (numeric.Uid, numeric.Gid));
        var named = _users.ResolveUser("app:audio");
        Assert.Equal((1000u, 29u), (named.Uid, named.Gid));
        Assert.Empty(named.AdditionalGids);
    }

    [Fact]
    public void EntryWithoutHome_HomeIsSlash() => Assert.Equal("/", _users.ResolveUser("nohome").Home);

    [Fact]
    public void UnknownName_IsInvalid_WithDockersMessage()
    {
        Assert.Equal("unable to find user nobody: no matching entries in passwd file", Invalid(() => _users.ResolveUser("nobody")).Message);
        Assert.Equal("unable to find group nogroup: no matching entries in group file", Invalid(() => _users.ResolveUser("app:nogroup")).Message);
    }

    [Fact]
    public void OutOfRangeId_IsInvalid() => Assert.Contains("range", Invalid(() => _users.ResolveUser("99999999999")).Message);

    [Fact]
    public void ResolveGroup_ByNameOrNumber()
    {
        Assert.Equal(999u, _users.ResolveGroup("docker"));
        Assert.Equal(5000u, _users.ResolveGroup("5000"));
        Invalid(() => _users.ResolveGroup("missing"));
    }

    [Fact]
    public void MissingFiles_AllowNumericIdsOnly()
    {
        var empty = new RootfsUserResolver(Directory.CreateDirectory(Path.Combine(_rootfs, "empty")).FullName);
        Assert.Equal((0u, "/"), (empty.ResolveUser("").Uid, empty.ResolveUser("").Home));
        Assert.Equal(5u, empty.ResolveUser("5:6").Uid);
        Invalid(() => empty.ResolveUser("app"));
    }

    [Fact]
    public void AbsoluteSymlink_IsResolvedInsideTheRootfs()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs, "real"));
        File.Move(Path.Combine(_rootfs, "etc", "passwd"), Path.Combine(_rootfs, "real", "passwd"));
        // Pointing at /real/passwd must mean ROOTFS/real/passwd, never the host's /real/passwd.
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "passwd"), "/real/passwd");
        Assert.Equal(1000u, _users.ResolveUser("app").Uid);
        File.Delete(Path.Combine(_rootfs, "etc", "passwd"));
        // A relative escape is clamped at the rootfs too: ../../../../../../real/passwd is ROOTFS/real/passwd.
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "passwd"), "../../../../../../real/passwd");
        Assert.Equal(1000u, _users.ResolveUser("app").Uid);
    }

    [Fact]
    public void SymlinkLoop_IsInvalid()
    {
        File.Delete(Path.Combine(_rootfs, "etc", "passwd"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "passwd"), "/etc/passwd");
        Assert.Contains("symbolic links", Invalid(() => _users.ResolveUser("app")).Message);
    }

    [Fact]
    public void SpecUsesTheResolver_AndGroupAddByName()
    {
        var spec = SpecGenerator.Generate(Image(), new RunOptions { User = "app", GroupAdd = ["audio"] }, _rootfs, ContainerId,
            new ContainerFiles(), _users, Host());
        Assert.Equal((1000u, 1000u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.Equal([10u, 999u, 29u], spec.Process.User.AdditionalGids);
        Assert.Contains("HOME=/home/app", spec.Process.Env!);
        Assert.Contains("unable to find user ghost", Invalid(() => SpecGenerator.Generate(Image(), new RunOptions { User = "ghost" }, _rootfs,
            ContainerId, new ContainerFiles(), _users, Host())).Message);
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);
}
