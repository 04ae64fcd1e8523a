using Berth.Oci;
using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class ProcessTests
{
    private static readonly ImageConfig Nginx = Image(new ContainerConfig
    {
        Entrypoint = ["/docker-entrypoint.sh"],
        Cmd = ["nginx", "-g", "daemon off;"],
        Env = ["PATH=/opt/bin:/usr/bin", "NGINX_VERSION=1.25", "SHARED=image"],
        WorkingDir = "/srv",
    });

    private static IReadOnlyList<string> Args(RunOptions options, ImageConfig? image = null) => Generate(options, image ?? Nginx).Process.Args;

    [Fact]
    public void Args_AreEntrypointThenCmd() =>
        Assert.Equal(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], Args(new RunOptions()));

    [Fact]
    public void Cmd_ReplacesOnlyTheImageCmd() =>
        Assert.Equal(["/docker-entrypoint.sh", "sh"], Args(new RunOptions { Cmd = ["sh"] }));

    [Fact]
    public void Entrypoint_ClearsTheImageCmd() =>
        Assert.Equal(["/bin/sh"], Args(new RunOptions { Entrypoint = ["/bin/sh"] }));

    [Fact]
    public void EntrypointAndCmd_AreBothUsed() =>
        Assert.Equal(["/bin/sh", "-c", "echo"], Args(new RunOptions { Entrypoint = ["/bin/sh"], Cmd = ["-c", "echo"] }));

    [Fact]
    public void EmptyEntrypoint_RunsTheCmdAlone() =>
        Assert.Equal(["ls", "-l"], Args(new RunOptions { Entrypoint = [""], Cmd = ["ls", "-l"] }));

    [Fact]
    public void NoCommandAtAll_IsInvalid()
    {
        Assert.Equal("no command specified", Invalid(() => Generate(image: Image(new ContainerConfig()))).Message);
        Assert.Equal("no command specified", Invalid(() => Generate(new RunOptions { Entrypoint = [""] }, Nginx)).Message);
        Assert.Equal("no command specified", Invalid(() => Generate(image: new ImageConfig())).Message);
    }

    [Fact]
    public void Init_RunsTheCommandUnderDockerInit_MountedFromTheHost()
    {
        var spec = Generate(new RunOptions { Init = true }, Nginx);
        Assert.Equal(["/sbin/docker-init", "--", "/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], spec.Process.Args);
        var mount = spec.Mounts!.Single(m => m.Destination == "/sbin/docker-init");
        Assert.Equal(("bind", "/usr/bin/catatonit"), (mount.Type, mount.Source));
        Assert.Contains("ro", mount.Options!);
        var e = Assert.Throws<BerthException>(() => Generate(new RunOptions { Init = true }, host: Host() with { InitPath = null }));
        Assert.Equal(ErrorKind.Unavailable, e.Kind);
    }

    [Fact]
    public void Env_DefaultsFirst_ImageReplacesInPlace_UserLast_HomeAppended()
    {
        var env = Generate(new RunOptions { Env = ["SHARED=user", "EXTRA=1", "NGINX_VERSION"], Tty = true }, Nginx).Process.Env;
        Assert.Equal(["PATH=/opt/bin:/usr/bin", "HOSTNAME=" + ContainerId[..12], "TERM=xterm", "SHARED=user", "EXTRA=1", "HOME=/root"], env);
    }

    [Fact]
    public void Env_DefaultPath_WhenTheImageHasNone_NoTermWithoutTty()
    {
        Assert.Equal(
            ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=" + ContainerId[..12], "HOME=/root"],
            Generate().Process.Env);
    }

    [Fact]
    public void Env_HomeFromTheUserWins()
    {
        var env = Generate(new RunOptions { Env = ["HOME=/data"] }).Process.Env!;
        Assert.Equal("HOME=/data", Assert.Single(env, e => e.StartsWith("HOME=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Terminal_FollowsTty() => Assert.True(Generate(new RunOptions { Tty = true }).Process.Terminal);

    [Fact]
    public void Cwd_OptionOverImage_MustBeAbsolute()
    {
        Assert.Equal("/srv", Generate(image: Nginx).Process.Cwd);
        Assert.Equal("/tmp", Generate(new RunOptions { WorkingDir = "/tmp" }, Nginx).Process.Cwd);
        Assert.Contains("needs to be an absolute path", Invalid(() => Generate(new RunOptions { WorkingDir = "rel" })).Message);
    }

    [Fact]
    public void NoNewPrivileges_FromSecurityOpt()
    {
        Assert.True(Generate(new RunOptions { SecurityOpt = ["no-new-privileges"] }).Process.NoNewPrivileges);
        Assert.True(Generate(new RunOptions { SecurityOpt = ["no-new-privileges:true"] }).Process.NoNewPrivileges);
        Assert.True(Generate(new RunOptions { SecurityOpt = ["no-new-privileges=true"] }).Process.NoNewPrivileges);
        Assert.False(Generate(new RunOptions { SecurityOpt = ["no-new-privileges:false"] }).Process.NoNewPrivileges);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("unknown=1")]
    [InlineData("no-new-privileges:maybe")]
    public void BadSecurityOpt_IsInvalid(string option) =>
        Assert.Contains("invalid --security-opt", Invalid(() => Generate(new RunOptions { SecurityOpt = [option] })).Message);

    [Fact]
    public void Ulimits_BecomeRlimits_AndMinusOneIsInfinity()
    {
        var rlimits = Generate(new RunOptions
        {
            Ulimits = new Dictionary<string, Ulimit> { ["nofile"] = new(1024, 2048), ["core"] = new(-1, -1) },
        }).Process.Rlimits!;
        Assert.Equal([("RLIMIT_CORE", ulong.MaxValue, ulong.MaxValue), ("RLIMIT_NOFILE", 1024UL, 2048UL)], rlimits.Select(r => (r.Type, r.Soft, r.Hard)));
        Assert.Contains("invalid ulimit type", Invalid(() => Generate(new RunOptions { Ulimits = new Dictionary<string, Ulimit> { ["bogus"] = new(1, 1) } })).Message);
        Invalid(() => Generate(new RunOptions { Ulimits = new Dictionary<string, Ulimit> { ["nofile"] = new(2, 1) } }));
    }

    [Fact]
    public void GroupAdd_IsAppendedToTheUsersGroups()
    {
        Assert.Equal([5u, 100u], Generate(new RunOptions { GroupAdd = ["5", "100", "5"] }).Process.User.AdditionalGids);
        Assert.Null(Generate().Process.User.AdditionalGids);
    }

    [Fact]
    public void User_OptionOverImage()
    {
        Assert.Equal(1000u, Generate(image: Image(new ContainerConfig { Cmd = ["sh"], User = "1000" })).Process.User.Uid);
        Assert.Equal(7u, Generate(new RunOptions { User = "7" }, Image(new ContainerConfig { Cmd = ["sh"], User = "1000" })).Process.User.Uid);
    }

    [Fact]
    public void Sysctls_OnlyNamespacedOnes()
    {
        var sysctl = Generate(new RunOptions { Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmax"] = "1" } }).Linux!.Sysctl!;
        Assert.Equal(2, sysctl.Count);
        Assert.Contains("not allowed", Invalid(() => Generate(new RunOptions { Sysctls = new Dictionary<string, string> { ["kernel.panic"] = "1" } })).Message);
        Assert.Contains("host network", Invalid(() => Generate(new RunOptions
        {
            NetworkMode = "host",
            Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
        })).Message);
    }
}
