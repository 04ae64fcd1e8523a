using System.Formats.Tar;
using System.Text;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary>
/// The Dockerfile features people lean on, each built into a real image and run: heredocs, expansion, .dockerignore
/// exceptions, USER and WORKDIR, ONBUILD, secrets. Each Dockerfile is built by berth and again by the docker CLI's
/// classic builder, which must give the same result.
/// </summary>
public sealed class BuildFeatureTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Heredocs_InRunAndCopy()
    {
        using var context = new BuildContext().Dockerfile("""
            FROM busybox
            ARG NAME=world
            RUN <<EOF
            echo "script line one" > /one
            echo "hello $NAME" >> /one
            EOF
            COPY <<EOF /etc/greeting
            greeting for ${NAME}
            EOF
            COPY <<'EOF' /etc/literal
            kept as $NAME
            EOF
            CMD ["cat", "/one", "/etc/greeting", "/etc/literal"]
            """);

        await BothBuildAndRunAsync(context, "script line one\nhello world\ngreeting for world\nkept as $NAME\n");
    }

    [Fact]
    public async Task ArgAndEnvExpansion_EdgeCases()
    {
        using var context = new BuildContext().Dockerfile("""
            ARG BASE=busybox
            FROM ${BASE}
            ARG UNSET
            ARG WITH_DEFAULT=dflt
            ENV FROM_ARG=${WITH_DEFAULT}-x EMPTY_FALLBACK=${UNSET:-fallback} ALT=${WITH_DEFAULT:+set} \
                ESCAPED=\$NOT_EXPANDED QUOTED='$NOT_EITHER'
            ENV LATER=$FROM_ARG
            ARG WITH_DEFAULT=overridden
            ENV AFTER=$WITH_DEFAULT
            WORKDIR /work/${FROM_ARG}
            CMD ["sh", "-c", "echo $FROM_ARG $EMPTY_FALLBACK $ALT $ESCAPED $QUOTED $LATER $AFTER $(pwd)"]
            """);

        await BothBuildAndRunAsync(context, "dflt-x fallback set $NOT_EXPANDED $NOT_EITHER dflt-x overridden /work/dflt-x\n");
    }

    [Fact]
    public async Task DockerIgnore_ExceptionsReadmitFiles()
    {
        using var context = new BuildContext()
            .With("docs/a.md", "a").With("docs/README.md", "readme").With("docs/sub/b.md", "b")
            .With("app.txt", "app").With("tmp/x", "x")
            .With(".dockerignore", "docs\n!docs/README.md\n**/*.txt\n!app.txt\ntmp\n")
            .Dockerfile("FROM busybox\nCOPY . /ctx\nCMD [\"sh\", \"-c\", \"cd /ctx && find . -type f | sort\"]\n");

        await BothBuildAndRunAsync(context, "./.dockerignore\n./Dockerfile\n./app.txt\n./docs/README.md\n");
    }

    [Fact]
    public async Task UserAndWorkdir_ShapeRunAndCopy()
    {
        using var context = new BuildContext().With("f", "data").Dockerfile("""
            FROM busybox
            WORKDIR /srv/app
            COPY f .
            USER nobody
            RUN id -un > /tmp/who && pwd > /tmp/where
            WORKDIR sub
            COPY --chown=nobody f owned
            USER root
            CMD ["sh", "-c", "cat /tmp/who /tmp/where; ls -ln /srv/app/f /srv/app/sub/owned | awk '{print $3, $9}'"]
            """);

        await BothBuildAndRunAsync(context, "nobody\n/srv/app\n0 /srv/app/f\n65534 /srv/app/sub/owned\n");
    }

    [Fact]
    public async Task Onbuild_RunsInTheChildBuild_AndIsNotInherited()
    {
        using var parent = new BuildContext().Dockerfile("FROM busybox\nONBUILD RUN echo triggered > /trigger\n");
        (await _host.Daemon.BerthAsync("build", "-t", "onbuild-parent:1", parent.Path)).AssertSuccess();
        using var child = new BuildContext().Dockerfile("FROM onbuild-parent:1\nCMD [\"cat\", \"/trigger\"]\n");

        await BothBuildAndRunAsync(child, "triggered\n");
        var onBuild = (await _host.DockerAsync("image", "inspect", "--format", "{{json .Config.OnBuild}}", "child-berth")).AssertSuccess().Stdout.Trim();
        Assert.Equal("null", onBuild);
    }

    [Fact]
    public async Task Secret_IsReadableInItsRun_ButInNoLayerNorHistory()
    {
        const string secret = "s3cr3t-value-4f1c";
        // The Dockerfile names only the secret's id: its value must come from --secret alone.
        using var context = new BuildContext().Dockerfile("""
            FROM busybox
            RUN --mount=type=secret,id=token echo "file $(sha256sum < /run/secrets/token)"
            RUN --mount=type=secret,id=token,env=TOKEN echo "env $(printf %s "$TOKEN" | sha256sum)"
            """);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        var secretFile = Path.Join(context.Path, "..", $"secret-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(secretFile, secret);
        try
        {
            var build = (await _host.Daemon.BerthAsync("build", "--secret", $"id=token,src={secretFile}", "-t", "secret:1", context.Path)).AssertSuccess();
            Assert.Contains($"file {hash}", build.Stderr);
            Assert.Contains($"env {hash}", build.Stderr);

            var saved = Path.Join(context.Path, "..", $"saved-{Guid.NewGuid():N}.tar");
            try
            {
                (await _host.DockerAsync("save", "-o", saved, "secret:1")).AssertSuccess();
                Assert.False(await ContainsAsync(saved, Encoding.UTF8.GetBytes(secret)), "the secret is in the saved image");
            }
            finally
            {
                File.Delete(saved);
            }
            Assert.NotEqual(0, (await _host.DockerAsync("run", "--rm", "secret:1", "ls", "/run/secrets")).ExitCode);
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public async Task MissingRequiredSecret_FailsTheBuild()
    {
        using var context = new BuildContext().Dockerfile("FROM busybox\nRUN --mount=type=secret,id=absent,required=true true\n");

        var build = await _host.Daemon.BerthAsync("build", context.Path);

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("secret absent: not found", build.Stderr);
    }

    /// <summary>Builds with berth and with the docker CLI's classic builder; both images print <paramref name="expected"/>.</summary>
    private async Task BothBuildAndRunAsync(BuildContext context, string expected)
    {
        (await _host.Daemon.BerthAsync("build", "-t", "child-berth", context.Path)).AssertSuccess();
        Assert.Equal(expected, (await _host.DockerAsync("run", "--rm", "child-berth")).AssertSuccess().Stdout);

        var docker = await ProcessRunner.RunAsync("docker", ["build", "--no-cache", "-t", "child-docker", context.Path],
            new Dictionary<string, string> { ["DOCKER_HOST"] = _host.Daemon.Host, ["DOCKER_BUILDKIT"] = "0" });
        docker.AssertSuccess();
        Assert.Equal(expected, (await _host.DockerAsync("run", "--rm", "child-docker")).AssertSuccess().Stdout);
    }

    /// <summary>Whether any file in the saved image (every layer included, unpacked) holds <paramref name="needle"/>.</summary>
    private static async Task<bool> ContainsAsync(string savedImage, byte[] needle)
    {
        await using var outer = new TarReader(File.OpenRead(savedImage));
        while (await outer.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.DataStream is null) continue;
            using var data = new MemoryStream();
            await entry.DataStream.CopyToAsync(data);
            var bytes = data.ToArray();
            // A layer is a tar, its files' bytes inside it as they are; a compressed one is searched once inflated.
            if (bytes is [0x1F, 0x8B, ..])
            {
                using var inflated = new MemoryStream();
                await new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress).CopyToAsync(inflated);
                bytes = inflated.ToArray();
            }
            if (bytes.AsSpan().IndexOf(needle) >= 0) return true;
        }
        return false;
    }
}
