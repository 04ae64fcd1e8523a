using Berth.Runtime.Conmon;
using Berth.Runtime.OciRuntimes;

namespace Berth.Runtime.Tests.Conmon;

public sealed class ConmonArgumentsTests
{
    private static readonly ConmonOptions Options = new() { ConmonPath = "/usr/bin/conmon", ExitDir = "/run/berth/exits", SocketDir = "/run/berth/socks" };
    private static readonly OciRuntimeOptions Crun = new("crun", "/usr/bin/crun", "/run/berth/crun");
    private static readonly ContainerLaunch Launch = new()
    {
        Id = "abc", BundlePath = "/var/lib/berth/containers/abc/bundle", LogPath = "/var/lib/berth/containers/abc/ctr.log",
        PersistDir = "/var/lib/berth/containers/abc/persist",
    };

    [Fact]
    public void Build_Detached_NamesEveryPathAndTheRuntimesRoot()
    {
        var args = ConmonArguments.Build(Options, Crun, Launch);

        Assert.Equal(
        [
            "--api-version", "1", "--cid", "abc", "--cuuid", "abc", "--name", "abc", "--runtime", "/usr/bin/crun",
            "--runtime-arg", "--root=/run/berth/crun", "--runtime-arg", "--log-format=json",
            "--bundle", "/var/lib/berth/containers/abc/bundle",
            "--container-pidfile", "/var/lib/berth/containers/abc/persist/container.pid",
            "--conmon-pidfile", "/var/lib/berth/containers/abc/persist/conmon.pid",
            "--exit-dir", "/run/berth/exits", "--persist-dir", "/var/lib/berth/containers/abc/persist",
            "--socket-dir-path", "/run/berth/socks", "--log-path", "k8s-file:/var/lib/berth/containers/abc/ctr.log",
            "--log-level", "error",
        ], args);
    }

    [Theory]
    [InlineData(true, false, false, new[] { "--terminal" })]
    [InlineData(false, true, false, new[] { "--stdin", "--leave-stdin-open" })]
    [InlineData(true, true, true, new[] { "--terminal", "--stdin" })]
    public void Build_TtyAndStdin(bool tty, bool stdin, bool stdinOnce, string[] tail)
    {
        var args = ConmonArguments.Build(Options, Crun, Launch with { Tty = tty, OpenStdin = stdin, StdinOnce = stdinOnce });

        Assert.Equal(tail, args.Skip(args.ToList().IndexOf("error") + 1));
    }

    [Fact]
    public void BuildExec_Attached_SessionDirIsTheBundle_NoSharedExitDir()
    {
        var exec = new ExecLaunch
        {
            ContainerId = "abc", ExecId = "e1", PersistDir = "/var/lib/berth/containers/abc/execs/e1",
            Process = new Berth.Oci.Runtime.ProcessSpec { Args = ["sh"], Cwd = "/", User = new Berth.Oci.Runtime.UserSpec { Uid = 0, Gid = 0 } },
            Tty = true, OpenStdin = true, Attach = true,
        };

        var args = ConmonArguments.BuildExec(Options, Crun, exec);

        Assert.Equal(
        [
            "--api-version", "1", "--cid", "abc", "--cuuid", "e1", "--name", "e1", "--runtime", "/usr/bin/crun",
            "--runtime-arg", "--root=/run/berth/crun", "--runtime-arg", "--log-format=json",
            "--bundle", "/var/lib/berth/containers/abc/execs/e1",
            "--exec", "--exec-process-spec", "/var/lib/berth/containers/abc/execs/e1/process.json",
            "--container-pidfile", "/var/lib/berth/containers/abc/execs/e1/exec.pid",
            "--conmon-pidfile", "/var/lib/berth/containers/abc/execs/e1/conmon.pid",
            "--persist-dir", "/var/lib/berth/containers/abc/execs/e1",
            "--socket-dir-path", "/run/berth/socks", "--log-path", "none", "--log-level", "error",
            "--exec-attach", "--terminal", "--stdin",
        ], args);
    }
}
