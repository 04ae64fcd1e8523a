using Berth.Oci.Runtime;
using Berth.Runtime.Spec;
using Berth.Runtime.Spec.Seccomp;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec.Seccomp;

public sealed class SeccompProfileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-seccomp-").FullName;

    private static SeccompTarget Target(params string[] caps) =>
        new() { Capabilities = [.. CapabilitySet.Default, .. caps], Architecture = "amd64", KernelVersion = new Version(6, 1) };

    /// <summary>Names allowed without any argument condition.</summary>
    private static HashSet<string> Allowed(LinuxSeccomp seccomp) =>
        seccomp.Syscalls!.Where(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null).SelectMany(s => s.Names).ToHashSet();

    [Fact]
    public void Default_DeniesWithEperm_ForX86Abis()
    {
        var seccomp = SeccompProfiles.Default(Target());
        Assert.Equal(("SCMP_ACT_ERRNO", 1u), (seccomp.DefaultAction, seccomp.DefaultErrnoRet));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], seccomp.Architectures);
        var arm = SeccompProfiles.Default(Target() with { Architecture = "arm64" });
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], arm.Architectures);
    }

    [Fact]
    public void Default_AllowsWhatOrdinaryProgramsUse()
    {
        var allowed = Allowed(SeccompProfiles.Default(Target()));
        foreach (var name in new[] { "read", "write", "exit_group", "openat", "execve", "mmap", "futex", "rt_sigaction", "epoll_wait", "accept4", "chroot", "arch_prctl", "ptrace" })
        {
            Assert.Contains(name, allowed);
        }
    }

    [Fact]
    public void Default_NeverAllowsKexecOrSwap_AndNoRebootOrMountWithoutTheirCaps()
    {
        var allowed = Allowed(SeccompProfiles.Default(Target()));
        foreach (var name in new[] { "kexec_load", "kexec_file_load", "reboot", "mount", "umount2", "unshare", "setns", "init_module", "swapon", "keyctl", "add_key", "io_uring_setup", "bpf", "kcmp", "clock_settime" })
        {
            Assert.DoesNotContain(name, allowed);
        }
        var everything = Allowed(SeccompProfiles.Default(Target([.. CapabilitySet.Known])));
        Assert.DoesNotContain("kexec_load", everything);
        Assert.Contains("reboot", everything);
        Assert.Contains("mount", everything);
    }

    [Fact]
    public void PtraceGatedCalls_OpenOnlyWithSysPtrace()
    {
        Assert.DoesNotContain("kcmp", Allowed(SeccompProfiles.Default(Target())));
        Assert.DoesNotContain("pidfd_getfd", Allowed(SeccompProfiles.Default(Target())));
        var traced = Allowed(SeccompProfiles.Default(Target("CAP_SYS_PTRACE")));
        Assert.Contains("kcmp", traced);
        Assert.Contains("pidfd_getfd", traced);
        Assert.Contains("process_madvise", traced);
    }

    [Fact]
    public void Ptrace_NeedsTheCapOnKernelsBefore48()
    {
        var old = Target() with { KernelVersion = new Version(4, 4) };
        Assert.DoesNotContain("ptrace", Allowed(SeccompProfiles.Default(old)));
        Assert.Contains("ptrace", Allowed(SeccompProfiles.Default(old with { Capabilities = [.. old.Capabilities, "CAP_SYS_PTRACE"] })));
    }

    [Fact]
    public void Clone_WithoutSysAdmin_IsLimitedToNoNamespaces_AndClone3ReportsEnosys()
    {
        var seccomp = SeccompProfiles.Default(Target());
        var clone = Assert.Single(seccomp.Syscalls!, s => s.Names.Contains("clone"));
        var arg = Assert.Single(clone.Args!);
        Assert.Equal(("SCMP_CMP_MASKED_EQ", 0UL, 0x7E020000UL), (arg.Op, arg.ValueTwo!.Value, arg.Value));
        var clone3 = Assert.Single(seccomp.Syscalls!, s => s.Names.Contains("clone3"));
        Assert.Equal(("SCMP_ACT_ERRNO", 38u), (clone3.Action, clone3.ErrnoRet!.Value));

        var admin = SeccompProfiles.Default(Target("CAP_SYS_ADMIN"));
        Assert.Contains("clone", Allowed(admin));
        Assert.Contains("clone3", Allowed(admin));
        Assert.DoesNotContain(admin.Syscalls!, s => s.Action == "SCMP_ACT_ERRNO");
    }

    [Fact]
    public void Socket_IsAllowedForEverythingButVsock()
    {
        var socket = Assert.Single(SeccompProfiles.Default(Target()).Syscalls!, s => s.Names.Contains("socket"));
        Assert.Equal((0u, 40UL, "SCMP_CMP_NE"), (socket.Args![0].Index, socket.Args[0].Value, socket.Args[0].Op));
    }

    [Fact]
    public void ArchSpecificCalls_FollowTheHost()
    {
        var arm = Allowed(SeccompProfiles.Default(Target() with { Architecture = "arm64" }));
        Assert.Contains("set_tls", arm);
        Assert.DoesNotContain("arch_prctl", arm);
        Assert.DoesNotContain("set_tls", Allowed(SeccompProfiles.Default(Target())));
    }

    [Fact]
    public void SpecGenerator_UsesTheFinalCapabilities()
    {
        Assert.Contains("kcmp", Allowed(Generate(new RunOptions { CapAdd = ["SYS_PTRACE"] }).Linux!.Seccomp!));
        Assert.DoesNotContain("chroot", Allowed(Generate(new RunOptions { CapDrop = ["SYS_CHROOT"] }).Linux!.Seccomp!));
        Assert.Null(Generate(new RunOptions { SecurityOpt = ["seccomp=unconfined"] }).Linux!.Seccomp);
    }

    private const string Custom = """
        {
          "defaultAction": "SCMP_ACT_ALLOW",
          "archMap": [
            { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"] },
            { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": [] }
          ],
          "syscalls": [
            { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 },
            { "name": "chmod", "action": "SCMP_ACT_ERRNO" },
            { "names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_BOOT"] } },
            { "names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{ "index": 0, "value": 8, "op": "SCMP_CMP_EQ" }] },
            { "names": ["sync"], "action": "SCMP_ACT_KILL", "excludes": { "caps": ["CAP_SYS_ADMIN"] } },
            { "names": ["modify_ldt"], "action": "SCMP_ACT_ALLOW", "includes": { "arches": ["arm64"] } }
          ]
        }
        """;

    [Fact]
    public void CustomProfileFile_IsLoadedAndResolved()
    {
        var path = Path.Combine(_dir, "profile.json");
        File.WriteAllText(path, Custom);
        var spec = Generate(new RunOptions { SecurityOpt = ["seccomp=" + path] });
        var seccomp = spec.Linux!.Seccomp!;
        Assert.Equal("SCMP_ACT_ALLOW", seccomp.DefaultAction);
        Assert.Null(seccomp.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], seccomp.Architectures);
        Assert.Equal(
            [["mkdir", "mkdirat"], ["chmod"], ["personality"], ["sync"]],
            seccomp.Syscalls!.Select(s => s.Names.ToArray()));
        Assert.Equal(13u, seccomp.Syscalls![0].ErrnoRet);
        Assert.Equal(8UL, seccomp.Syscalls[2].Args![0].Value);
    }

    [Fact]
    public void CustomProfile_AsJsonContent_LikeTheDockerCliSendsIt()
    {
        var seccomp = Generate(new RunOptions { SecurityOpt = ["seccomp=" + Custom], CapAdd = ["SYS_BOOT", "SYS_ADMIN"] }).Linux!.Seccomp!;
        Assert.Equal([["mkdir", "mkdirat"], ["chmod"], ["reboot"], ["personality"]], seccomp.Syscalls!.Select(s => s.Names.ToArray()));
    }

    [Fact]
    public void CustomProfile_ExplicitArchitectures_AreKept()
    {
        var seccomp = SeccompProfiles.Load("""{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[]}""", Target());
        Assert.Equal(["SCMP_ARCH_X86_64"], seccomp.Architectures);
        Assert.Empty(seccomp.Syscalls!);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"syscalls":[]}""")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}""")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"action":"SCMP_ACT_ALLOW"}]}""")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ALLOW"}]}""")]
    [InlineData("/no/such/profile.json")]
    public void BadProfiles_AreInvalid(string profile) => Invalid(() => SeccompProfiles.Load(profile, Target()));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
