using System.Security.Cryptography;
using System.Text;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Tests.Content;

public sealed class ContentStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-content-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<Descriptor> IngestAsync(ContentStore store, byte[] bytes, Digest? expected, long? size)
    {
        await using var writer = store.OpenWriter();
        await writer.WriteAsync(bytes);
        return await writer.CommitAsync(MediaTypes.OciLayer, expected, size, default);
    }

    [Fact]
    public async Task Ingest_StoresUnderItsDigest_AndVerifiesTheExpectedOne()
    {
        var store = new ContentStore(_root);
        var bytes = Encoding.UTF8.GetBytes("hello layer");
        var digest = Digest.Compute(bytes);
        var descriptor = await IngestAsync(store, bytes, digest, bytes.Length);
        Assert.Equal(digest.ToString(), descriptor.Digest);
        Assert.Equal(bytes.Length, descriptor.Size);
        Assert.Equal(bytes, await store.ReadAllBytesAsync(digest, default));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(store.PathOf(digest)))), digest.Hex);
    }

    [Fact]
    public async Task Ingest_WithWrongDigest_FailsAndLeavesNothing()
    {
        var store = new ContentStore(_root);
        var wrong = Digest.Compute("something else"u8);
        var error = await Assert.ThrowsAsync<BerthException>(() => IngestAsync(store, "hello"u8.ToArray(), wrong, null));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("digest mismatch", error.Message);
        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "ingest")));
    }

    [Fact]
    public async Task Ingest_WithWrongSize_FailsAndLeavesNothing()
    {
        var store = new ContentStore(_root);
        var bytes = "hello"u8.ToArray();
        var error = await Assert.ThrowsAsync<BerthException>(() => IngestAsync(store, bytes, Digest.Compute(bytes), 4));
        Assert.Contains("size mismatch", error.Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task AnAbandonedWriter_IsNeverVisible_AndIngestLeftoversAreSweptOnOpen()
    {
        var store = new ContentStore(_root);
        await using (var writer = store.OpenWriter())
        {
            await writer.WriteAsync("partial"u8.ToArray());
        }
        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "ingest")));

        File.WriteAllText(Path.Combine(_root, "ingest", "crashed-write"), "half a blob");
        _ = new ContentStore(_root);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "ingest")));
    }

    [Fact]
    public async Task MissingBlob_IsNotFound()
    {
        var store = new ContentStore(_root);
        var error = await Assert.ThrowsAsync<BerthException>(() => store.ReadAllBytesAsync(Digest.Compute("absent"u8), default));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
