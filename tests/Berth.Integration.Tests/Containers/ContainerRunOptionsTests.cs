using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>docker run's process options, checked from inside a real container: user, working directory,
/// environment, entrypoint, init, capabilities, no-new-privileges.</summary>
public sealed class ContainerRunOptionsTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    /// <summary>Docker's default capability set as /proc/PID/status shows it.</summary>
    private const string DefaultCapEff = "00000000a80425fb";

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task User_ByNameAndByNumbers()
    {
        Assert.Equal("uid=0(root) gid=0(root)", (await _host.OutputOfAsync(ContainerHost.Image, "id")).Trim().Split(" groups=")[0]);
        Assert.Equal("uid=65534(nobody) gid=65534(nogroup)", (await _host.OutputOfAsync("--user", "nobody", ContainerHost.Image, "id")).Trim().Split(" groups=")[0]);
        Assert.Equal("uid=1234 gid=5678", (await _host.OutputOfAsync("-u", "1234:5678", ContainerHost.Image, "id")).Trim().Split(" groups=")[0]);
        var home = await _host.OutputOfAsync("--user", "nobody", ContainerHost.Image, "sh", "-c", "echo $HOME");
        Assert.Equal("/home\n", home);
    }

    [Fact]
    public async Task Workdir_IsCreatedWhenMissing()
    {
        var run = await _host.RunAsync("--workdir", "/srv/app/data", "--user", "nobody", ContainerHost.Image, "sh", "-c", "pwd; ls -ld /srv/app/data");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("/srv/app/data\n", run.Stdout);
        Assert.Matches(@"drwxr-xr-x\s+\d+\s+\S+\s+\S+\s+.*/srv/app/data", run.Stdout);
        Assert.Equal("/srv/app/data", await _host.FormatAsync(run.Id, "{{.Config.WorkingDir}}"));
    }

    [Fact]
    public async Task Env_AndEnvFile_AndDefaults()
    {
        var envFile = _host.Dirs.Combine("app.env");
        await File.WriteAllTextAsync(envFile, "# a comment\nFROM_FILE=one\nSPACED=two words\n\nOVERRIDDEN=file\n");
        var output = await _host.OutputOfAsync("-e", "FOO=bar", "--env-file", envFile, "-e", "OVERRIDDEN=flag", "-e", "EMPTY=", ContainerHost.Image, "env");
        var env = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Contains("FOO=bar", env);
        Assert.Contains("FROM_FILE=one", env);
        Assert.Contains("SPACED=two words", env);
        Assert.Contains("OVERRIDDEN=flag", env);
        Assert.DoesNotContain("OVERRIDDEN=file", env);
        Assert.Contains("EMPTY=", env);
        Assert.Contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", env);
        Assert.Contains("HOME=/root", env);
        Assert.Contains(env, e => e.StartsWith("HOSTNAME=", StringComparison.Ordinal));
        Assert.DoesNotContain(env, e => e.StartsWith("# a comment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entrypoint_ReplacesTheImages_AndCmdBecomesItsArguments()
    {
        var run = await _host.RunAsync("--entrypoint", "echo", ContainerHost.Image, "hello", "world");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello world\n", run.Stdout);
        Assert.Equal("echo [hello world]", await _host.FormatAsync(run.Id, "{{.Path}} {{.Args}}"));

        // Without a command, the image's CMD (sh) runs: with no stdin it exits at once, successfully.
        var plain = await _host.RunAsync(ContainerHost.Image);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("sh", await _host.FormatAsync(plain.Id, "{{.Path}}"));
    }

    [Fact]
    public async Task Init_IsPid1_AndReapsAndForwardsSignals()
    {
        var output = await _host.OutputOfAsync("--init", ContainerHost.Image, "sh", "-c", "cat /proc/1/comm; echo self=$$");
        Assert.Equal("docker-init\n", output.Split("self=")[0]);
        Assert.DoesNotContain("self=1\n", output);

        // Under an init, the program dies of the TERM that stop sends (the init forwards it): 143 at once.
        var id = await _host.RunDetachedAsync("--init", ContainerHost.Image, "sleep", "1000");
        var started = DateTime.UtcNow;
        (await _host.DockerAsync("stop", id)).AssertSuccess();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "stop waited for the timeout: the TERM did not reach sleep");
        Assert.Equal(143, await _host.WaitAsync(id));
    }

    [Fact]
    public async Task CapDrop_CapAdd_ShowInCapEff_AndCapSysAdminAllowsMount()
    {
        Assert.Contains("CapEff:\t" + DefaultCapEff, await _host.OutputOfAsync(ContainerHost.Image, "grep", "CapEff", "/proc/self/status"));
        // CHOWN is bit 0, SYS_ADMIN bit 21.
        Assert.Contains("CapEff:\t00000000a80425fa", await _host.OutputOfAsync("--cap-drop", "CHOWN", ContainerHost.Image, "grep", "CapEff", "/proc/self/status"));
        Assert.Contains("CapEff:\t0000000000000000", await _host.OutputOfAsync("--cap-drop", "ALL", ContainerHost.Image, "grep", "CapEff", "/proc/self/status"));
        var admin = await _host.OutputOfAsync("--cap-add", "SYS_ADMIN", ContainerHost.Image, "sh", "-c", "grep CapEff /proc/self/status; mkdir /m; mount -t tmpfs none /m; echo mount=$?");
        Assert.Contains("CapEff:\t00000000a82425fb", admin);
        Assert.Contains("mount=0", admin);

        var chown = await _host.RunAsync("--cap-drop", "CHOWN", ContainerHost.Image, "sh", "-c", "touch /f; chown nobody /f; echo chown=$?");
        Assert.Contains("chown=1", chown.Stdout);
        Assert.Contains("Operation not permitted", chown.Stderr);
    }

    [Fact]
    public async Task NoNewPrivileges_IsSetOnlyWhenAsked()
    {
        Assert.Contains("NoNewPrivs:\t0", await _host.OutputOfAsync(ContainerHost.Image, "grep", "NoNewPrivs", "/proc/self/status"));
        Assert.Contains("NoNewPrivs:\t1", await _host.OutputOfAsync("--security-opt", "no-new-privileges", ContainerHost.Image, "grep", "NoNewPrivs", "/proc/self/status"));
        Assert.Contains("NoNewPrivs:\t1", await _host.OutputOfAsync("--security-opt", "no-new-privileges:true", ContainerHost.Image, "grep", "NoNewPrivs", "/proc/self/status"));
    }
}
