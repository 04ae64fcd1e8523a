using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Oci;
using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

/// <summary>The Bearer token flow and resumable, verified blob downloads against <see cref="FakeTokenRegistry"/>.</summary>
public sealed class RegistrySessionTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-registry-client-").FullName;
    private FakeTokenRegistry _registry = null!;
    private RegistryTransport _transport = null!;

    public async Task InitializeAsync()
    {
        _registry = await FakeTokenRegistry.StartAsync();
        _transport = new RegistryTransport(new RegistryOptions { CertsDirectory = Path.Join(_root, "certs.d") }, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _transport.Dispose();
        await _registry.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private (Descriptor Blob, byte[] Bytes) AddBlob(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var digest = Digest.Compute(bytes);
        _registry.Blobs[digest] = bytes;
        return (new Descriptor { MediaType = MediaTypes.OciLayer, Digest = digest.ToString(), Size = size }, bytes);
    }

    [Fact]
    public async Task Anonymous_GetsOneTokenPerScope_AndReusesIt()
    {
        var (blob, _) = AddBlob(1000);
        var session = await _transport.OpenAsync(_registry.Host, null, CancellationToken.None);
        Assert.Equal("http", session.BaseAddress.Scheme);
        var repository = new RegistryRepository(session, "team/app");
        var store = new ContentStore(Path.Join(_root, "content"));
        await BlobDownloader.DownloadAsync(repository, store, blob, null, CancellationToken.None);
        store.Delete(blob.ParsedDigest);
        await BlobDownloader.DownloadAsync(repository, store, blob, null, CancellationToken.None);

        var request = Assert.Single(_registry.TokenRequests);
        Assert.Contains("service=fake", request);
        Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", request);
    }

    [Fact]
    public async Task Credentials_GoToTheTokenService_AndAWrongPasswordIsUnauthorized()
    {
        _registry.RequiredLogin = ("alice", "pw");
        var good = await _transport.OpenAsync(_registry.Host, new RegistryCredentials("alice", "pw"), CancellationToken.None);
        await good.LoginAsync(CancellationToken.None);

        var bad = await _transport.OpenAsync(_registry.Host, new RegistryCredentials("alice", "nope"), CancellationToken.None);
        var error = await Assert.ThrowsAsync<BerthException>(() => bad.LoginAsync(CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.EndsWith("unauthorized: incorrect username or password", error.Message);
    }

    [Fact]
    public async Task AnIdentityToken_IsTradedForAnAccessToken()
    {
        var (blob, bytes) = AddBlob(5000);
        var store = new ContentStore(Path.Join(_root, "content"));
        var session = await _transport.OpenAsync(_registry.Host, new RegistryCredentials(null, null, IdentityToken: "refresh-ok"), CancellationToken.None);
        await BlobDownloader.DownloadAsync(new RegistryRepository(session, "app"), store, blob, null, CancellationToken.None);
        Assert.Equal(bytes, await store.ReadAllBytesAsync(blob.ParsedDigest, CancellationToken.None));
        Assert.Equal("POST grant_type=refresh_token scope=repository:app:pull", Assert.Single(_registry.TokenRequests));
    }

    [Fact]
    public async Task CutConnection_ResumesWithRange_AndTheBlobIsVerified()
    {
        var (blob, bytes) = AddBlob(3 * 1024 * 1024);
        _registry.CutBlobAfter = 1024 * 1024;
        var store = new ContentStore(Path.Join(_root, "content"));
        var repository = new RegistryRepository(await _transport.OpenAsync(_registry.Host, null, CancellationToken.None), "app");

        await BlobDownloader.DownloadAsync(repository, store, blob, null, CancellationToken.None);

        Assert.Equal(bytes, await store.ReadAllBytesAsync(blob.ParsedDigest, CancellationToken.None));
        var ranges = _registry.BlobRanges.ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Null(ranges[0]);
        // The resume starts where the bytes that arrived end (some of the cut response may have been lost in flight).
        var resumedAt = long.Parse(ranges[1]!["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 1024 * 1024);
        Assert.Equal(1024 * 1024 + bytes.Length - resumedAt, _registry.BlobBytesServed);
        Assert.False(File.Exists(store.ResumablePathOf(blob.ParsedDigest)));
    }

    [Fact]
    public async Task BytesLeftByAnEarlierAttempt_AreNotDownloadedAgain()
    {
        var (blob, bytes) = AddBlob(2 * 1024 * 1024);
        var store = new ContentStore(Path.Join(_root, "content"));
        await File.WriteAllBytesAsync(store.ResumablePathOf(blob.ParsedDigest), bytes[..700_000]);
        var repository = new RegistryRepository(await _transport.OpenAsync(_registry.Host, null, CancellationToken.None), "app");

        var resumedFrom = await BlobDownloader.DownloadAsync(repository, store, blob, null, CancellationToken.None);

        Assert.Equal(700_000, resumedFrom);
        Assert.Equal("bytes=700000-", Assert.Single(_registry.BlobRanges));
        Assert.Equal(bytes.Length - 700_000, _registry.BlobBytesServed);
        Assert.Equal(bytes, await store.ReadAllBytesAsync(blob.ParsedDigest, CancellationToken.None));
    }

    [Fact]
    public async Task ABlobThatDoesNotMatchItsDigest_NeverEntersTheStore()
    {
        var (blob, bytes) = AddBlob(100_000);
        bytes[500] ^= 0xff; // the registry now serves other bytes under the digest
        var store = new ContentStore(Path.Join(_root, "content"));
        var repository = new RegistryRepository(await _transport.OpenAsync(_registry.Host, null, CancellationToken.None), "app");

        var error = await Assert.ThrowsAsync<BerthException>(() => BlobDownloader.DownloadAsync(repository, store, blob, null, CancellationToken.None));

        Assert.StartsWith("digest mismatch", error.Message);
        Assert.False(store.Exists(blob.ParsedDigest));
        Assert.False(File.Exists(store.ResumablePathOf(blob.ParsedDigest)));
    }

    [Fact]
    public async Task UnknownBlob_IsNotFoundInDistributionsWords()
    {
        var store = new ContentStore(Path.Join(_root, "content"));
        var repository = new RegistryRepository(await _transport.OpenAsync(_registry.Host, null, CancellationToken.None), "app");
        var missing = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.Compute("x"u8).ToString(), Size = 1 };
        var error = await Assert.ThrowsAsync<BerthException>(() => BlobDownloader.DownloadAsync(repository, store, missing, null, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("blob unknown: blob unknown to registry", error.Message);
    }

    [Fact]
    public async Task Upload_IsOnePutWhenSmall_AndPatchesInOrderWhenBig()
    {
        var repository = new RegistryRepository(await _transport.OpenAsync(_registry.Host, null, CancellationToken.None), "app");
        var small = RandomNumberGenerator.GetBytes(10_000);
        var big = RandomNumberGenerator.GetBytes(2_500_000);
        var reported = new List<long>();

        await repository.UploadBlobAsync(() => new MemoryStream(small), Digest.Compute(small), small.Length, 1_000_000, null, CancellationToken.None);
        Assert.Equal(["POST ", "PUT "], _registry.UploadRequests.ToList());
        _registry.UploadRequests.Clear();
        await repository.UploadBlobAsync(() => new MemoryStream(big), Digest.Compute(big), big.Length, 1_000_000, new Reporter(reported), CancellationToken.None);

        Assert.Equal(["POST ", "PATCH 0-999999", "PATCH 1000000-1999999", "PATCH 2000000-2499999", "PUT "], _registry.UploadRequests.ToList());
        Assert.Equal(big, _registry.Blobs[Digest.Compute(big)]);
        Assert.Equal([1_000_000L, 2_000_000L, 2_500_000L], reported);
        Assert.True(await repository.BlobExistsAsync(Digest.Compute(big), CancellationToken.None));
        Assert.False(await repository.BlobExistsAsync(Digest.Compute("absent"u8), CancellationToken.None));
    }

    [Fact]
    public async Task Upload_WithTheWrongDigest_IsRefused_AndMountsAreTried()
    {
        var repository = new RegistryRepository(await _transport.OpenAsync(_registry.Host, null, CancellationToken.None), "app");
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var error = await Assert.ThrowsAsync<BerthException>(() =>
            repository.UploadBlobAsync(() => new MemoryStream(bytes), Digest.Compute("other"u8), bytes.Length, 1 << 20, null, CancellationToken.None));
        Assert.Equal("digest invalid: provided digest did not match uploaded content", error.Message);

        var (known, _) = AddBlob(100);
        Assert.True(await repository.MountBlobAsync(known.ParsedDigest, "elsewhere/app", CancellationToken.None));
        Assert.False(await repository.MountBlobAsync(Digest.Compute("unknown"u8), "elsewhere/app", CancellationToken.None));
        Assert.Contains(_registry.TokenRequests, q => q.Contains("scope=repository%3Aelsewhere%2Fapp%3Apull", StringComparison.Ordinal));
    }

    private sealed class Reporter(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }
}
