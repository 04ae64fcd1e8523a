using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

/// <summary>
/// An upload cut off midway (client gone, or the server killed with SIGKILL) costs at most that upload: the
/// repository's manifests and blobs are intact after a restart on the same root, and the upload itself can
/// resume from the offset the restarted server reports.
/// </summary>
public sealed partial class CrashRecoveryTests : IDisposable
{
    private static readonly byte[] Blob = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 4096)));
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task An_abandoned_upload_leaves_the_repository_intact_and_can_resume_after_restart()
    {
        TestImage image;
        string location;
        await using (var registry = await TestRegistry.StartAsync(root: _root.Path))
        {
            image = await registry.PushImageAsync("repo", "v1");
            location = await StartUploadAsync(registry.Client, Blob[..1000]);
            using var cancel = new CancellationTokenSource();
            var hanging = new HangingContent(Blob[1000..5000], cancel);
            await Assert.ThrowsAnyAsync<Exception>(() => registry.Client.PatchAsync(location, hanging, cancel.Token));
        }
        // What a crash in the middle of an atomic write leaves: a temp file never renamed into place.
        var leftover = Path.Combine(_root.Path, "tmp", "0123456789abcdef");
        await File.WriteAllTextAsync(leftover, "half a tag");
        await AssertIntactAndResumableAsync(image, location);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task A_server_killed_mid_upload_restarts_with_the_repository_intact()
    {
        TestImage image;
        string location;
        using (var process = RegistryBinary.Start(["serve", "--addr", "127.0.0.1:0", "--root", _root.Path]))
        {
            try
            {
                var address = await ListeningAddressAsync(process);
                await using var client = new DisposableClient(new HttpClient { BaseAddress = address });
                image = await PushImageAsync(client.Client);
                location = await StartUploadAsync(client.Client, Blob[..1000]);
                using var cancel = new CancellationTokenSource();
                var hanging = new HangingContent(Blob[1000..5000], cancel, onSent: () =>
                {
                    process.Kill();
                    process.WaitForExit();
                });
                await Assert.ThrowsAnyAsync<Exception>(() => client.Client.PatchAsync(location, hanging, cancel.Token));
                await process.WaitForExitAsync();
            }
            finally
            {
                if (!process.HasExited) process.Kill();
            }
        }
        await AssertIntactAndResumableAsync(image, location);
    }

    private async Task AssertIntactAndResumableAsync(TestImage image, string location)
    {
        await using var restarted = await TestRegistry.StartAsync(root: _root.Path);
        Assert.Equal(image.Manifest, await restarted.Client.GetByteArrayAsync("/v2/repo/manifests/v1"));
        Assert.Equal(Encoding.ASCII.GetBytes("layer"), await restarted.Client.GetByteArrayAsync($"/v2/repo/blobs/{image.Layer}"));
        using var tags = await restarted.Client.GetAsync("/v2/repo/tags/list");
        Assert.Equal("""{"name":"repo","tags":["v1"]}""", await tags.Content.ReadAsStringAsync());

        using var status = await restarted.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        var end = long.Parse(Assert.Single(status.Headers.GetValues("Range")).Split('-')[1]);
        // What was acknowledged is durable; the cut-off chunk may have landed in part.
        Assert.InRange(end, 999, 4999);
        var rest = new ByteArrayContent(Blob[(int)(end + 1)..]);
        rest.Headers.TryAddWithoutValidation("Content-Range", $"{end + 1}-{Blob.Length - 1}");
        using (var patch = await restarted.Client.PatchAsync(location, rest))
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        var digest = Digest.Compute(Blob);
        using (var put = await restarted.Client.PutAsync($"{location}?digest={digest}", null))
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(Blob, await restarted.Client.GetByteArrayAsync($"/v2/repo/blobs/{digest}"));
    }

    private static async Task<string> StartUploadAsync(HttpClient client, byte[] firstChunk)
    {
        using var start = await client.PostAsync("/v2/repo/blobs/uploads/", null);
        using var patch = await client.PatchAsync(start.Headers.Location, new ByteArrayContent(firstChunk));
        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        return patch.Headers.Location!.ToString();
    }

    private static async Task<TestImage> PushImageAsync(HttpClient client)
    {
        var config = Encoding.ASCII.GetBytes("""{"architecture":"amd64","os":"linux"}""");
        var layer = Encoding.ASCII.GetBytes("layer");
        foreach (var blob in new[] { config, layer })
        {
            using var push = await client.PostAsync($"/v2/repo/blobs/uploads/?digest={Digest.Compute(blob)}", new ByteArrayContent(blob));
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        }
        var manifest = Manifests.Image(MediaTypes.OciManifest, (MediaTypes.OciConfig, Digest.Compute(config), config.Length), [(MediaTypes.OciLayer, Digest.Compute(layer), layer.Length)]);
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new(MediaTypes.OciManifest);
        using var put = await client.PutAsync("/v2/repo/manifests/v1", content);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return new TestImage(Digest.Compute(manifest), manifest, Digest.Compute(config), Digest.Compute(layer));
    }

    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        string? line;
        while ((line = await process.StandardError.ReadLineAsync()) is not null)
        {
            var match = ListeningLine().Match(line);
            if (match.Success) return new Uri(match.Groups[1].Value);
        }
        throw new InvalidOperationException("berth-registry exited before it listened");
    }

    [GeneratedRegex(@"listening on (http\S+?)[ ,]")]
    private static partial Regex ListeningLine();

    /// <summary>A request body that sends some bytes and then breaks off: a client (or, with onSent killing it, the server) dying midway.</summary>
    private sealed class HangingContent(byte[] sent, CancellationTokenSource cancel, Action? onSent = null) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(sent);
            await stream.FlushAsync();
            // Give the server time to write what it got to its upload file, then pull the plug on one side.
            await Task.Delay(500);
            onSent?.Invoke();
            await cancel.CancelAsync();
            cancel.Token.ThrowIfCancellationRequested();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class DisposableClient(HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client => client;

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
