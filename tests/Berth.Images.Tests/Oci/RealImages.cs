using System.Formats.Tar;
using System.Text.Json;

namespace Berth.Images.Tests.Oci;

/// <summary>
/// Images made once per test run by the real umoci and skopeo, so the documents Berth parses were written
/// by Go code that is not ours (and not by a test's idea of what those tools write). Removed on dispose.
/// </summary>
public sealed class RealImages : IAsyncLifetime, IDisposable
{
    public const string ConfiguredTag = "configured";
    public const string BaseTag = "base";
    public const string OffsetTag = "offset";
    public const string SkopeoFromDockerTag = "fromdocker";
    public const string SkopeoZstdTag = "zstd";

    /// <summary>Nanosecond precision on purpose: Go keeps it, DateTimeOffset does not.</summary>
    public const string ConfiguredCreated = "2024-05-06T07:08:09.123456789Z";

    /// <summary>A UTC offset on purpose: Go writes it back as given, Berth writes UTC.</summary>
    public const string OffsetCreated = "2024-05-06T09:08:09.5+02:00";

    public const string EmptyLayerCreated = "2024-05-06T07:08:10Z";

    /// <summary>One nanosecond past the second: below DateTimeOffset's 100 ns resolution.</summary>
    public const string LayerCreated = "2024-05-06T07:08:11.000000001Z";

    public const string EmptyLayerCreatedBy = "/bin/sh -c #(nop) CMD [\"sh\"]";
    public const string LayerCreatedBy = "COPY hello.txt /srv/app/";
    public const string HtmlLabel = "<b>&amp;</b>";
    public const string SourceAnnotation = "https://example.com/berth";

    public RealImages() => Root = Directory.CreateTempSubdirectory("berth-oci-").FullName;

    public string Root { get; }

    /// <summary>An OCI layout written only by umoci.</summary>
    public string UmociLayout => Path.Join(Root, "umoci");

    /// <summary>An OCI layout written only by skopeo: an image converted from Docker schema 2, and umoci's empty base image.</summary>
    public string SkopeoLayout => Path.Join(Root, "skopeo");

    /// <summary>
    /// A layout of its own for the zstd copy: in a layout already holding the gzip layer, skopeo reuses that
    /// blob instead of recompressing.
    /// </summary>
    public string SkopeoZstdLayout => Path.Join(Root, "skopeo-zstd");

    /// <summary>skopeo's <c>dir:</c> transport with a Docker v2 schema 2 manifest.</summary>
    public string DockerDir => Path.Join(Root, "v2s2");

    /// <summary>A Docker schema 2 image that skopeo converted from schema 1, so skopeo wrote its config too.</summary>
    public string DockerFromSchema1Dir => Path.Join(Root, "v2s2-from-v2s1");

    public string DockerArchive => Path.Join(Root, "image.tar");

    public async Task InitializeAsync()
    {
        var layout = UmociLayout;
        await RunAsync("umoci", "init", "--layout", layout);
        await RunAsync("umoci", "new", "--image", $"{layout}:{BaseTag}");
        await RunAsync("umoci", "config", "--image", $"{layout}:{BaseTag}", "--tag", ConfiguredTag,
            "--config.entrypoint", "/usr/bin/env",
            "--config.cmd", "sh", "--config.cmd", "-c", "--config.cmd", "echo hi",
            "--config.env", "PATH=/usr/bin:/bin", "--config.env", "GREETING=a+b=c",
            "--config.label", "org.opencontainers.image.title=berth-test", "--config.label", $"html={HtmlLabel}",
            "--config.exposedports", "8080/tcp", "--config.exposedports", "53/udp",
            "--config.volume", "/data", "--config.volume", "/var/cache",
            "--config.workingdir", "/srv/app",
            "--config.user", "1000:1000",
            "--config.stopsignal", "SIGQUIT",
            "--author", "Berth Tests",
            "--created", ConfiguredCreated,
            "--manifest.annotation", $"org.opencontainers.image.source={SourceAnnotation}",
            "--history.created_by", EmptyLayerCreatedBy,
            "--history.comment", "configured",
            "--history.created", EmptyLayerCreated);

        // A real layer: unpack, add files, repack (umoci computes the diff, gzips it and records the diff_id).
        var bundle = Path.Join(Root, "bundle");
        await RunAsync("umoci", "unpack", "--rootless", "--image", $"{layout}:{ConfiguredTag}", bundle);
        Directory.CreateDirectory(Path.Join(bundle, "rootfs", "srv", "app"));
        await File.WriteAllTextAsync(Path.Join(bundle, "rootfs", "srv", "app", "hello.txt"), "hello from berth\n");
        Directory.CreateDirectory(Path.Join(bundle, "rootfs", "etc"));
        await File.WriteAllTextAsync(Path.Join(bundle, "rootfs", "etc", "berth-release"), "1\n");
        await RunAsync("umoci", "repack", "--image", $"{layout}:{ConfiguredTag}",
            "--history.created_by", LayerCreatedBy, "--history.created", LayerCreated, bundle);

        await RunAsync("umoci", "config", "--image", $"{layout}:{ConfiguredTag}", "--tag", OffsetTag,
            "--created", OffsetCreated, "--architecture", "arm64", "--no-history");

        // --insecure-policy: the copies are local, and the host's policy.json is not the test's business.
        var source = $"oci:{layout}:{ConfiguredTag}";
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", "--format", "v2s2", source, $"dir:{DockerDir}");
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", source, $"docker-archive:{DockerArchive}:berth/test:1");
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", "--format", "oci",
            $"dir:{DockerDir}", $"oci:{SkopeoLayout}:{SkopeoFromDockerTag}");
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy",
            $"oci:{layout}:{BaseTag}", $"oci:{SkopeoLayout}:{BaseTag}");
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", "--dest-compress-format", "zstd",
            source, $"oci:{SkopeoZstdLayout}:{SkopeoZstdTag}");

        var schema1 = Path.Join(Root, "v2s1");
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", "--format", "v2s1", source, $"dir:{schema1}");
        await RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", "--format", "v2s2", $"dir:{schema1}", $"dir:{DockerFromSchema1Dir}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static byte[] Blob(string layout, string digest)
    {
        var parsed = Berth.Oci.Digest.Parse(digest);
        return File.ReadAllBytes(Path.Join(layout, "blobs", parsed.Algorithm, parsed.Hex));
    }

    public static byte[] IndexBytes(string layout) => File.ReadAllBytes(Path.Join(layout, "index.json"));

    /// <summary>The manifest a tag names in a layout's index.json, found with a plain JSON reader rather than Berth's records.</summary>
    public static byte[] ManifestBytes(string layout, string tag)
    {
        using var index = JsonDocument.Parse(IndexBytes(layout));
        foreach (var manifest in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            if (manifest.TryGetProperty("annotations", out var annotations)
                && annotations.TryGetProperty("org.opencontainers.image.ref.name", out var name)
                && name.GetString() == tag)
            {
                return Blob(layout, manifest.GetProperty("digest").GetString()!);
            }
        }
        throw new InvalidOperationException($"no manifest tagged {tag} in {layout}");
    }

    public static byte[] ConfigBytes(string layout, string tag)
    {
        using var manifest = JsonDocument.Parse(ManifestBytes(layout, tag));
        return Blob(layout, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!);
    }

    /// <summary>skopeo's <c>dir:</c> transport names blobs by their bare hex digest next to manifest.json.</summary>
    public static byte[] DirBlob(string dir, string digest) => File.ReadAllBytes(Path.Join(dir, Berth.Oci.Digest.Parse(digest).Hex));

    public static byte[] DirManifestBytes(string dir) => File.ReadAllBytes(Path.Join(dir, "manifest.json"));

    public static byte[] DirConfigBytes(string dir)
    {
        using var manifest = JsonDocument.Parse(DirManifestBytes(dir));
        return DirBlob(dir, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!);
    }

    /// <summary>Every regular file of a tar, by name; docker-archive images are small enough to hold.</summary>
    public static async Task<Dictionary<string, byte[]>> ReadTarAsync(string path)
    {
        var entries = new Dictionary<string, byte[]>();
        await using var file = File.OpenRead(path);
        await using var reader = new TarReader(file);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            using var content = new MemoryStream();
            await entry.DataStream.CopyToAsync(content);
            entries[entry.Name] = content.ToArray();
        }
        return entries;
    }

    private static Task RunAsync(string tool, params string[] arguments) => Archive.ExternalTool.RunCheckedAsync(tool, arguments);
}

[CollectionDefinition(Name)]
public sealed class RealImagesCollection : ICollectionFixture<RealImages>
{
    public const string Name = "real OCI and Docker images";
}
