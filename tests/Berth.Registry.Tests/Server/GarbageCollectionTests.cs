using System.Net;
using System.Text;
using Berth.Oci;
using Berth.Registry.Server.Hosting;

namespace Berth.Registry.Tests.Server;

public sealed class GarbageCollectionTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Gc_sweeps_unreferenced_blobs_and_keeps_everything_manifests_reach()
    {
        TestImage kept, dropped, indexChild;
        Digest orphan, referrer;
        byte[] index;
        await using (var registry = await TestRegistry.StartAsync(root: _root.Path))
        {
            kept = await registry.PushImageAsync("app", "v1", "kept layer");
            indexChild = await registry.PushImageAsync("multi", "child", "child layer");
            index = Manifests.Index(MediaTypes.OciIndex, [(MediaTypes.OciManifest, indexChild.Digest, indexChild.Manifest.Length)]);
            using (var put = await registry.PutManifestAsync("multi", "latest", index, MediaTypes.OciIndex)) Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            dropped = await registry.PushImageAsync("app", "old", "dropped layer");
            using (var delete = await registry.Client.DeleteAsync($"/v2/app/manifests/{dropped.Digest}")) Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            orphan = await registry.PushBlobAsync("app", Encoding.ASCII.GetBytes("pushed but never used"));
            var empty = await registry.PushBlobAsync("app", Encoding.ASCII.GetBytes("{}"));
            var signature = Manifests.Image(MediaTypes.OciManifest, ("application/vnd.oci.empty.v1+json", empty, 2), [], "application/vnd.example.sig", (kept.Digest, kept.Manifest.Length));
            referrer = Digest.Compute(signature);
            using (var put = await registry.PutManifestAsync("app", referrer.ToString(), signature, MediaTypes.OciManifest)) Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var dryRun = new StringWriter();
        await RegistryGarbageCollection.RunAsync(_root.Path, dryRun: true, dryRun, CancellationToken.None);
        Assert.Contains($"blob eligible for deletion: {orphan}", dryRun.ToString());
        Assert.True(File.Exists(BlobPath(orphan)));

        var output = new StringWriter();
        await RegistryGarbageCollection.RunAsync(_root.Path, dryRun: false, output, CancellationToken.None);
        foreach (var gone in new[] { orphan, dropped.Digest, dropped.Layer, dropped.Config })
            Assert.False(File.Exists(BlobPath(gone)), $"{gone} should have been swept\n{output}");
        foreach (var live in new[] { kept.Digest, kept.Layer, kept.Config, indexChild.Digest, indexChild.Layer, indexChild.Config, Digest.Compute(index), referrer })
            Assert.True(File.Exists(BlobPath(live)), $"{live} should have been kept\n{output}");
        Assert.Contains("4 blobs deleted", output.ToString());

        await using var restarted = await TestRegistry.StartAsync(root: _root.Path);
        Assert.Equal(kept.Manifest, await restarted.Client.GetByteArrayAsync("/v2/app/manifests/v1"));
        Assert.Equal(Encoding.ASCII.GetBytes("child layer"), await restarted.Client.GetByteArrayAsync($"/v2/multi/blobs/{indexChild.Layer}"));
        using var orphanGone = await restarted.Client.GetAsync($"/v2/app/blobs/{orphan}");
        await TestRegistry.AssertErrorAsync(orphanGone, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        // The repository's link went with the blob: a new push of the same bytes is a real upload again.
        Assert.False(File.Exists(Path.Combine(_root.Path, "repositories", "app", "_layers", "sha256", orphan.Hex)));
    }

    [Fact]
    public async Task Gc_refuses_a_root_a_server_is_serving()
    {
        await using var registry = await TestRegistry.StartAsync(root: _root.Path);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RegistryGarbageCollection.RunAsync(_root.Path, false, TextWriter.Null, CancellationToken.None));
        Assert.Contains("in use", error.Message);
    }

    [Fact]
    public async Task Gc_removes_abandoned_uploads()
    {
        await using (var registry = await TestRegistry.StartAsync(root: _root.Path))
        {
            using var start = await registry.Client.PostAsync("/v2/repo/blobs/uploads/", null);
            using var patch = await registry.Client.PatchAsync(start.Headers.Location, new ByteArrayContent([1, 2, 3]));
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        }
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(_root.Path, "uploads")));
        var output = new StringWriter();
        await RegistryGarbageCollection.RunAsync(_root.Path, false, output, CancellationToken.None);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_root.Path, "uploads")));
        Assert.Contains("1 abandoned uploads removed", output.ToString());
    }

    private string BlobPath(Digest digest) => Path.Combine(_root.Path, "blobs", "sha256", digest.Hex);
}
