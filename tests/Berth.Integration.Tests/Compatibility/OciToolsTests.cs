using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Compatibility;

/// <summary>Berth's archives against independent OCI tools: skopeo reads what Berth saves; Berth loads what skopeo and umoci make.</summary>
public sealed class OciToolsTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private BerthDaemon _daemon = null!;
    private readonly TempDirectory _work = new();
    private string _id = "";
    private string _layers = "";

    public async Task InitializeAsync()
    {
        _daemon = await BerthDaemon.StartAsync();
        _id = (await _daemon.BerthAsync("import", "-c", "CMD [\"sh\"]", busybox.TarPath, "busybox")).AssertSuccess().Stdout.Trim();
        _layers = (await _daemon.BerthAsync("image", "inspect", "-f", "{{json .RootFS.Layers}}", "busybox")).AssertSuccess().Stdout.Trim();
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task SkopeoInspectsTheSavedArchive_AsDockerArchive()
    {
        var archive = _work.Combine("saved.tar");
        (await _daemon.BerthAsync("save", "-o", archive, "busybox")).AssertSuccess();
        var inspect = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--config", $"docker-archive:{archive}"])).AssertSuccess();
        using var config = JsonDocument.Parse(inspect.Stdout);
        Assert.Equal("sh", config.RootElement.GetProperty("config").GetProperty("Cmd")[0].GetString());
        var raw = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--config", $"docker-archive:{archive}"])).AssertSuccess();
        Assert.Equal(_id, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw.Stdout.TrimEnd('\n')))));
    }

    [Fact]
    public async Task SkopeoCopiesTheSavedArchive_AsOciArchive()
    {
        var archive = _work.Combine("saved.tar");
        (await _daemon.BerthAsync("save", "-o", archive, "busybox")).AssertSuccess();
        var layout = _work.Combine("layout");
        (await ProcessRunner.RunAsync("skopeo", ["copy", $"oci-archive:{archive}", $"oci:{layout}:copied"])).AssertSuccess();
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")));
        Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
    }

    [Fact]
    public async Task AnOciArchiveMadeBySkopeo_Loads()
    {
        var saved = _work.Combine("saved.tar");
        (await _daemon.BerthAsync("save", "-o", saved, "busybox")).AssertSuccess();
        var ociArchive = _work.Combine("skopeo-oci.tar");
        (await ProcessRunner.RunAsync("skopeo", ["copy", $"docker-archive:{saved}", $"oci-archive:{ociArchive}:localhost/skopeo/box:v2"])).AssertSuccess();
        (await _daemon.BerthAsync("rmi", "busybox")).AssertSuccess();

        // skopeo rewrites the config when it converts to OCI, so the image ID changes; the layers and Cmd must not.
        var loaded = (await _daemon.BerthAsync("load", "-i", ociArchive)).AssertSuccess().Stdout;
        Assert.Equal("Loaded image: localhost/skopeo/box:v2\n", loaded);
        var original = (await _daemon.BerthAsync("image", "inspect", "-f", "{{json .RootFS.Layers}}", _id)).ExitCode;
        Assert.Equal(1, original);
        var copied = (await _daemon.BerthAsync("image", "inspect", "-f", "{{json .RootFS.Layers}} {{json .Config.Cmd}}", "localhost/skopeo/box:v2")).AssertSuccess().Stdout.Trim();
        Assert.Equal($"{_layers} [\"sh\"]", copied);
    }

    [Fact]
    public async Task AnOciLayoutMadeByUmociFromABusyboxRootfs_Loads()
    {
        var layout = _work.Combine("umoci");
        var bundle = _work.Combine("bundle");
        (await ProcessRunner.RunAsync("umoci", ["init", "--layout", layout])).AssertSuccess();
        (await ProcessRunner.RunAsync("umoci", ["new", "--image", $"{layout}:edge"])).AssertSuccess();
        (await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:edge", bundle])).AssertSuccess();
        (await ProcessRunner.RunAsync("tar", ["-xf", busybox.TarPath, "-C", Path.Combine(bundle, "rootfs")])).AssertSuccess();
        (await ProcessRunner.RunAsync("umoci", ["repack", "--image", $"{layout}:edge", bundle])).AssertSuccess();
        (await ProcessRunner.RunAsync("umoci", ["config", "--image", $"{layout}:edge", "--config.cmd", "sh"])).AssertSuccess();
        var archive = _work.Combine("umoci.tar");
        (await ProcessRunner.RunAsync("tar", ["-cf", archive, "-C", layout, "."])).AssertSuccess();

        var loaded = (await _daemon.BerthAsync("load", "-i", archive)).AssertSuccess().Stdout;
        Assert.Contains("Loaded image", loaded);
        var rows = (await _daemon.BerthAsync("images", "--format", "{{.ID}} {{.Size}}")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        var umociImage = rows.Single(r => !r.StartsWith(_id[7..19], StringComparison.Ordinal)).Split(' ')[0];
        var cmd = (await _daemon.BerthAsync("image", "inspect", "-f", "{{json .Config.Cmd}} {{len .RootFS.Layers}}", umociImage)).AssertSuccess().Stdout.Trim();
        Assert.Equal("[\"sh\"] 1", cmd);
    }
}
