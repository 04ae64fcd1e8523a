using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Images.Tests.Content;

public sealed class ResumableWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-resumable-").FullName;
    private readonly byte[] _blob = RandomNumberGenerator.GetBytes(300_000);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AnAbandonedWrite_KeepsItsBytes_AndTheNextWriterCarriesOnFromThem()
    {
        var store = new ContentStore(_root);
        var digest = Digest.Compute(_blob);
        await using (var first = await store.OpenResumableWriterAsync(digest, CancellationToken.None))
        {
            await first.WriteAsync(_blob.AsMemory(0, 100_000));
        }
        Assert.Equal(100_000, new FileInfo(store.ResumablePathOf(digest)).Length);

        // A store opened again (a daemon restart) sweeps ingest/ but not the resumable bytes.
        store = new ContentStore(_root);
        await using var second = await store.OpenResumableWriterAsync(digest, CancellationToken.None);
        Assert.Equal(100_000, second.Length);
        await second.WriteAsync(_blob.AsMemory(100_000));
        var descriptor = await second.CommitAsync(MediaTypes.OciLayer, digest, _blob.Length, CancellationToken.None);

        Assert.Equal(digest.ToString(), descriptor.Digest);
        Assert.Equal(_blob, await store.ReadAllBytesAsync(digest, CancellationToken.None));
        Assert.False(File.Exists(store.ResumablePathOf(digest)));
    }

    [Fact]
    public async Task BytesThatDoNotMatchTheDigest_AreDiscarded_NotResumedFrom()
    {
        var store = new ContentStore(_root);
        var digest = Digest.Compute(_blob);
        var wrong = (byte[])_blob.Clone();
        wrong[7] ^= 1;
        await File.WriteAllBytesAsync(store.ResumablePathOf(digest), wrong[..1000]);
        await using var writer = await store.OpenResumableWriterAsync(digest, CancellationToken.None);
        await writer.WriteAsync(_blob.AsMemory(1000));

        var error = await Assert.ThrowsAsync<BerthException>(() => writer.CommitAsync(MediaTypes.OciLayer, digest, _blob.Length, CancellationToken.None));

        Assert.StartsWith("digest mismatch", error.Message);
        Assert.False(store.Exists(digest));
        Assert.False(File.Exists(store.ResumablePathOf(digest)));
    }

    [Fact]
    public async Task OnlyOneWriterPerDigest_AtATime()
    {
        var store = new ContentStore(_root);
        var digest = Digest.Compute(_blob);
        await using var first = await store.OpenResumableWriterAsync(digest, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => store.OpenResumableWriterAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task OldPartials_AreRemoved_ButNotOneAWriterHasOpen_NorAFreshOne()
    {
        var store = new ContentStore(_root);
        var old = Digest.Compute(_blob);
        var fresh = Digest.Compute(_blob.AsSpan(1));
        await File.WriteAllBytesAsync(store.ResumablePathOf(fresh), _blob[..10]);
        var writer = await store.OpenResumableWriterAsync(old, CancellationToken.None);
        await writer.WriteAsync(_blob.AsMemory(0, 50_000));
        await writer.FlushAsync(CancellationToken.None);
        var cutoff = DateTime.UtcNow.AddMinutes(1);
        File.SetLastWriteTimeUtc(store.ResumablePathOf(fresh), cutoff.AddMinutes(1));

        Assert.Equal(0, store.RemoveResumableOlderThan(cutoff));
        Assert.True(File.Exists(store.ResumablePathOf(old)));

        await writer.DisposeAsync();
        Assert.Equal(50_000, store.RemoveResumableOlderThan(cutoff));
        Assert.False(File.Exists(store.ResumablePathOf(old)));
        Assert.True(File.Exists(store.ResumablePathOf(fresh)));
    }
}
