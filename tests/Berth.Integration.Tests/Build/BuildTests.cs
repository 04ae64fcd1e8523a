using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary>
/// <c>berth build</c> and <c>DOCKER_BUILDKIT=0 docker build</c> against a real berthd: RUN steps in real
/// containers, COPY from the context and from stages, the step cache, and the errors users meet.
/// </summary>
public sealed class BuildTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Build_RunsStepsInContainers_AndTheImageRuns()
    {
        using var context = new BuildContext()
            .With("hello.txt", "hello\n")
            .With("sub/a.txt", "a\n")
            .Dockerfile("""
                FROM busybox
                ARG GREETING=hi
                ENV APP=/app
                WORKDIR $APP
                COPY hello.txt sub/ ./
                RUN echo "$GREETING from $(pwd)" > greeting && cat greeting
                CMD ["cat", "/app/greeting", "/app/a.txt"]
                """);

        var build = (await _host.Daemon.BerthAsync("build", "-t", "demo:1", context.Path)).AssertSuccess();

        // BuildKit's plain progress, on stderr as docker prints it when stderr is not a terminal.
        Assert.Contains("#1 [1/7] FROM docker.io/library/busybox\n", build.Stderr);
        Assert.Matches(@"\n#\d+ \d+\.\d{3} hi from /app\n", build.Stderr);
        Assert.Contains(" naming to docker.io/library/demo:1 done\n", build.Stderr);
        var run = (await _host.DockerAsync("run", "--rm", "demo:1")).AssertSuccess();
        Assert.Equal("hi from /app\na\n", run.Stdout);
        var config = await InspectConfigAsync("demo:1");
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Contains("APP=/app", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Rebuild_IsFullyCached_WithTheSameImageId_AndMtimesDoNotMatter()
    {
        using var context = new BuildContext()
            .With("file.txt", "one\n")
            .Dockerfile("FROM busybox\nCOPY file.txt /f\nRUN cat /f > /copy\nLABEL x=y\n");
        var first = await BuildIdAsync(context);

        File.SetLastWriteTimeUtc(Path.Join(context.Path, "file.txt"), DateTime.UtcNow.AddHours(1));
        var again = (await _host.Daemon.BerthAsync("build", context.Path)).AssertSuccess();

        Assert.Equal(3, CountOf(again.Stderr, " CACHED\n"));
        Assert.Equal(first, await BuildIdAsync(context));
    }

    [Fact]
    public async Task ChangedFileContent_InvalidatesItsCopyAndEveryStepAfter()
    {
        using var context = new BuildContext()
            .With("file.txt", "one\n")
            .Dockerfile("FROM busybox\nENV A=1\nCOPY file.txt /f\nRUN cat /f\n");
        var first = await BuildIdAsync(context);

        context.With("file.txt", "two\n");
        var again = (await _host.Daemon.BerthAsync("build", context.Path)).AssertSuccess();

        Assert.Equal(1, CountOf(again.Stderr, " CACHED\n"));
        Assert.Contains("two", again.Stderr);
        Assert.NotEqual(first, await BuildIdAsync(context));
    }

    [Fact]
    public async Task MultiStage_CopiesFromAStage_SkipsUnusedStages_AndHonoursTarget()
    {
        using var context = new BuildContext().Dockerfile("""
            FROM busybox AS builder
            RUN mkdir /out && echo built > /out/artifact
            FROM busybox AS broken
            RUN exit 7
            FROM busybox
            COPY --from=builder /out/artifact /artifact
            CMD ["cat", "/artifact"]
            """);

        var build = (await _host.Daemon.BerthAsync("build", "-t", "multi:1", context.Path)).AssertSuccess();
        Assert.DoesNotContain("exit 7", build.Stderr);
        Assert.Equal("built\n", (await _host.DockerAsync("run", "--rm", "multi:1")).AssertSuccess().Stdout);

        var target = await _host.Daemon.BerthAsync("build", "--target", "broken", context.Path);
        Assert.Equal(7, target.ExitCode);
        Assert.Contains("\nERROR: failed to solve: The command '/bin/sh -c exit 7' returned a non-zero code: 7\n", target.Stderr);
    }

    [Fact]
    public async Task DockerIgnore_KeepsFilesOutOfCopy()
    {
        using var context = new BuildContext()
            .With("keep.txt", "keep\n")
            .With("secret.txt", "secret\n")
            .With("logs/a.log", "log\n")
            .With(".dockerignore", "secret.txt\nlogs\n")
            .Dockerfile("FROM busybox\nCOPY . /ctx/\nRUN ls -A /ctx\n");

        var build = (await _host.Daemon.BerthAsync("build", context.Path)).AssertSuccess();

        Assert.Contains("keep.txt", build.Stderr);
        Assert.DoesNotContain("secret.txt", build.Stderr);
        Assert.DoesNotContain("logs", build.Stderr);
    }

    [Fact]
    public async Task DockerCli_ClassicBuilder_BuildsAgainstBerthd()
    {
        using var context = new BuildContext().With("a", "from docker\n").Dockerfile("FROM busybox\nCOPY a /a\nCMD [\"cat\", \"/a\"]\n");

        var build = await ProcessRunner.RunAsync("docker", ["build", "-t", "viadocker:1", context.Path],
            new Dictionary<string, string> { ["DOCKER_HOST"] = _host.Daemon.Host, ["DOCKER_BUILDKIT"] = "0" });

        build.AssertSuccess();
        Assert.Contains("Successfully tagged viadocker:1", build.Stdout);
        Assert.Equal("from docker\n", (await _host.DockerAsync("run", "--rm", "viadocker:1")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task DockerfileOutsideTheContext_AndFromStdin()
    {
        using var context = new BuildContext().With("data", "ctx\n");
        using var elsewhere = new BuildContext().With("Other.Dockerfile", "FROM busybox\nCOPY data /data\nCMD [\"cat\", \"/data\"]\n");

        (await _host.Daemon.BerthAsync("build", "-f", Path.Join(elsewhere.Path, "Other.Dockerfile"), "-t", "outside:1", context.Path)).AssertSuccess();
        Assert.Equal("ctx\n", (await _host.DockerAsync("run", "--rm", "outside:1")).AssertSuccess().Stdout);

        var stdin = Path.Join(elsewhere.Path, "Other.Dockerfile");
        (await _host.Daemon.BerthWithInputAsync(stdin, "build", "-f", "-", "-t", "stdin:1", context.Path)).AssertSuccess();
        Assert.Equal("ctx\n", (await _host.DockerAsync("run", "--rm", "stdin:1")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task BadDockerfile_FailsWithFileAndLine_AndTagsNothing()
    {
        using var context = new BuildContext().Dockerfile("FROM busybox\nRUNN true\n");

        var build = await _host.Daemon.BerthAsync("build", "-t", "bad:1", context.Path);

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("Dockerfile:2: unknown instruction: RUNN", build.Stderr);
        Assert.NotEqual(0, (await _host.DockerAsync("image", "inspect", "bad:1")).ExitCode);
    }

    [Fact]
    public async Task MissingBaseImage_IsAClearError()
    {
        using var context = new BuildContext().Dockerfile("FROM nosuchimage:1\n");

        var build = await _host.Daemon.BerthAsync("build", context.Path);

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("nosuchimage:1", build.Stderr);
    }

    [Fact]
    public async Task BuildArgs_Labels_Quiet_AndIidFile()
    {
        using var context = new BuildContext().Dockerfile("FROM busybox\nARG WHO=nobody\nRUN echo \"hello $WHO\" > /who\nCMD [\"cat\", \"/who\"]\n");
        var iidFile = Path.Join(context.Path, "..", $"iid-{Guid.NewGuid():N}");
        try
        {
            var build = (await _host.Daemon.BerthAsync("build", "-q", "--build-arg", "WHO=berth", "--label", "team=core", "--iidfile", iidFile, "-t", "args:1", context.Path)).AssertSuccess();

            var id = build.Stdout.Trim();
            Assert.Matches("^sha256:[0-9a-f]{64}$", id);
            Assert.Equal(id, await File.ReadAllTextAsync(iidFile));
            Assert.Equal("hello berth\n", (await _host.DockerAsync("run", "--rm", "args:1")).AssertSuccess().Stdout);
            Assert.Equal("core", (await InspectConfigAsync("args:1")).GetProperty("Labels").GetProperty("team").GetString());
        }
        finally
        {
            File.Delete(iidFile);
        }
    }

    [Fact]
    public async Task CopyChownChmod_AndAddExtractsLocalTars()
    {
        using var context = new BuildContext().With("script.sh", "echo run\n").Dockerfile("""
            FROM busybox
            COPY --chown=nobody:nogroup --chmod=750 script.sh /opt/script.sh
            ADD layer.tar /unpacked/
            RUN stat -c '%U:%G %a' /opt/script.sh && cat /unpacked/inside.txt
            """);
        var tarSource = Path.Join(context.Path, "tarsrc");
        Directory.CreateDirectory(tarSource);
        await File.WriteAllTextAsync(Path.Join(tarSource, "inside.txt"), "from the tar\n");
        (await ProcessRunner.RunAsync("tar", ["-C", tarSource, "-cf", Path.Join(context.Path, "layer.tar"), "inside.txt"])).AssertSuccess();

        var build = (await _host.Daemon.BerthAsync("build", context.Path)).AssertSuccess();

        Assert.Contains("nobody:nogroup 750", build.Stderr);
        Assert.Contains("from the tar", build.Stderr);
    }

    [Fact]
    public async Task RunMountCache_KeepsItsContentBetweenBuilds_UntilBuilderPrune()
    {
        using var context = new BuildContext().Dockerfile("FROM busybox\nARG N\nRUN --mount=type=cache,target=/cache echo \"$N\" >> /cache/runs && cat /cache/runs\n");

        (await _host.Daemon.BerthAsync("build", "--build-arg", "N=first", context.Path)).AssertSuccess();
        var second = (await _host.Daemon.BerthAsync("build", "--build-arg", "N=second", context.Path)).AssertSuccess();
        Assert.Matches(@"#\d+ \d+\.\d{3} first\n#\d+ \d+\.\d{3} second\n", second.Stderr);

        (await _host.Daemon.BerthAsync("builder", "prune", "-f")).AssertSuccess();
        var third = (await _host.Daemon.BerthAsync("build", "--build-arg", "N=second", context.Path)).AssertSuccess();
        Assert.DoesNotContain("CACHED", third.Stderr);
        Assert.DoesNotContain("first", third.Stderr);
    }

    [Fact]
    public async Task History_RecordsEachStepAsBuildKitDoes()
    {
        using var context = new BuildContext().With("f", "x").Dockerfile("FROM busybox\nENV A=b\nCOPY f /f\nRUN true\nEXPOSE 80\n");

        (await _host.Daemon.BerthAsync("build", "-t", "hist:1", context.Path)).AssertSuccess();
        var history = (await _host.DockerAsync("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "hist:1")).AssertSuccess().Stdout;

        Assert.Equal(
            [
                "EXPOSE map[80/tcp:{}]|buildkit.dockerfile.v0",
                "RUN /bin/sh -c true # buildkit|buildkit.dockerfile.v0",
                "COPY f /f # buildkit|buildkit.dockerfile.v0",
                "ENV A=b|buildkit.dockerfile.v0",
            ],
            history.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4));
    }

    private async Task<string> BuildIdAsync(BuildContext context) =>
        (await _host.Daemon.BerthAsync("build", "-q", context.Path)).AssertSuccess().Stdout.Trim();

    private async Task<JsonElement> InspectConfigAsync(string image)
    {
        var json = (await _host.DockerAsync("image", "inspect", image)).AssertSuccess().Stdout;
        return JsonDocument.Parse(json).RootElement[0].GetProperty("Config").Clone();
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
