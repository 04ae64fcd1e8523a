using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Engine.Tests.Images;

public sealed class SharedDownloadsTests
{
    private static readonly Digest Layer = Digest.Compute("layer"u8);

    [Fact]
    public async Task TwoPullsOfOneBlob_ShareOneDownload_AndBothSeeItsProgress()
    {
        var downloads = new SharedDownloads();
        var release = new TaskCompletionSource();
        var started = 0;
        IProgress<long>? shared = null;
        async Task Start(IProgress<long> progress, CancellationToken token)
        {
            Interlocked.Increment(ref started);
            shared = progress;
            await release.Task.WaitAsync(token);
            progress.Report(42);
        }
        var seenByFirst = new List<long>();
        var seenBySecond = new List<long>();
        var first = downloads.JoinAsync(Layer, Start, seenByFirst.Add, CancellationToken.None);
        var second = downloads.JoinAsync(Layer, Start, seenBySecond.Add, CancellationToken.None);
        release.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(1, started);
        Assert.NotNull(shared);
        Assert.Equal([42L], seenByFirst);
        Assert.Equal([42L], seenBySecond);
    }

    [Fact]
    public async Task OnePullCancelled_LeavesTheDownloadToTheOther()
    {
        var downloads = new SharedDownloads();
        var release = new TaskCompletionSource();
        CancellationToken downloadToken = default;
        async Task Start(IProgress<long> progress, CancellationToken token)
        {
            downloadToken = token;
            await release.Task.WaitAsync(token);
        }
        using var cancelFirst = new CancellationTokenSource();
        var first = downloads.JoinAsync(Layer, Start, _ => { }, cancelFirst.Token);
        var second = downloads.JoinAsync(Layer, Start, _ => { }, CancellationToken.None);
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(downloadToken.IsCancellationRequested);
        release.SetResult();
        await second;
    }

    [Fact]
    public async Task EveryPullCancelled_CancelsTheDownload_AndAFailureReachesAll()
    {
        var downloads = new SharedDownloads();
        var cancelled = new TaskCompletionSource();
        async Task Start(IProgress<long> progress, CancellationToken token)
        {
            await using var registration = token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, token);
        }
        using var cancel = new CancellationTokenSource();
        var only = downloads.JoinAsync(Layer, Start, _ => { }, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => only);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        static Task Fail(IProgress<long> progress, CancellationToken token) => Task.FromException(BerthException.Invalid("digest mismatch"));
        var failures = new[] { downloads.JoinAsync(Layer, Fail, _ => { }, CancellationToken.None), downloads.JoinAsync(Layer, Fail, _ => { }, CancellationToken.None) };
        foreach (var failure in failures) Assert.Equal("digest mismatch", (await Assert.ThrowsAsync<BerthException>(() => failure)).Message);
    }
}
