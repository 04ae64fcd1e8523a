using System.Collections.Concurrent;
using System.Text.Json;
using Berth.Build.Files;
using Berth.Engine.Snapshots;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Oci;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Build.Contexts;

/// <summary>
/// Build contexts kept between builds of the same client directory (Berth's context sync; BuildKit keeps contexts by
/// its session's shared key the same way): a rebuild receives only the entries that changed, and hashes only those.
/// The files live under the data root. What they hold is told by manifests under the exec root, which a reboot
/// empties: a kept copy is trusted only while no crash can have lost its unsynced writes; without its manifest, the
/// next build sends the whole context again and the copy is brought in line with it.
/// </summary>
public sealed partial class SyncedContexts(string filesRoot, string manifestsRoot, TimeProvider clock, ILogger<SyncedContexts> logger)
{
    /// <summary>Directories kept at most; the least recently built go first.</summary>
    private const int Kept = 8;

    /// <summary>How long an upload may wait for its build request.</summary>
    private static readonly TimeSpan UploadLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingUpload> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileDigestCache> _digests = new(StringComparer.Ordinal);
    private readonly KeyedLock<string> _locks = new();

    private sealed record PendingUpload(string Key, string Generation, List<ContextEntry> Entries, List<string> Missing, DateTimeOffset Created);

    /// <summary>An upload to name in the build request, and the entries its tar must carry.</summary>
    public sealed record Upload(string Id, List<string> Missing);

    /// <summary>Compares what the client's directory <paramref name="key"/> holds with the kept copy.</summary>
    /// <exception cref="BerthException">InvalidArgument: a malformed key or entry.</exception>
    public Upload Stage(string key, List<ContextEntry> entries)
    {
        if (key.Length != 64 || !key.All(char.IsAsciiHexDigitLower)) throw BerthException.Invalid($"invalid build context key: {key}");
        ContextDiff.Validate(entries);
        var kept = ReadManifest(key);
        var missing = ContextDiff.Missing(kept?.Entries, entries);
        var now = clock.GetUtcNow();
        foreach (var (staleId, stale) in _uploads)
        {
            if (now - stale.Created > UploadLifetime) _uploads.TryRemove(staleId, out _);
        }
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        _uploads[id] = new PendingUpload(key, kept?.Generation ?? "", entries, missing, now);
        return new Upload(id, missing);
    }

    /// <summary>
    /// Unpacks <paramref name="changes"/> (a tar of the entries the upload found missing) onto the kept copy and removes
    /// what the client no longer has; the context is this build's until disposed.
    /// </summary>
    /// <exception cref="BerthException">
    /// Conflict when the kept copy changed since the upload was staged (another build of the same directory), or does
    /// not match the client's list: the client sends it again. InvalidArgument for an unknown upload or a bad tar.
    /// </exception>
    public async Task<SyncedContext> ReceiveAsync(string uploadId, Stream changes, CancellationToken cancellationToken)
    {
        if (!_uploads.TryRemove(uploadId, out var upload)) throw BerthException.Invalid($"unknown build context upload: {uploadId}");
        var held = await _locks.EnterAsync(upload.Key, cancellationToken);
        try
        {
            if ((ReadManifest(upload.Key)?.Generation ?? "") != upload.Generation)
            {
                await changes.CopyToAsync(Stream.Null, cancellationToken);
                throw BerthException.Conflict("the kept build context changed while this build's was sent: send it again");
            }
            var directory = FilesPath(upload.Key);
            Directory.CreateDirectory(directory);
            Directory.CreateDirectory(manifestsRoot);
            // Until the new manifest is written the copy matches none: a failure or a crash meanwhile leaves none.
            File.Delete(ManifestPath(upload.Key));
            var digests = _digests.GetOrAdd(upload.Key, _ => new FileDigestCache());
            foreach (var path in upload.Missing) digests.Forget(Path.Join(directory, path));
            long received = 0;
            try
            {
                // Nothing missing: the tar is empty (a tar writer with no entry writes no end blocks either).
                if (upload.Missing.Count == 0) await changes.CopyToAsync(Stream.Null, cancellationToken);
                else received = (await LayerApplier.ApplyAsync(changes, directory, cancellationToken)).UncompressedSize;
            }
            catch (Exception e) when (e is InvalidDataException or FormatException)
            {
                throw BerthException.Invalid($"failed to read the build context: {e.Message}");
            }
            try
            {
                foreach (var path in ContextReconciler.Reconcile(directory, upload.Entries)) digests.Forget(path);
            }
            catch (InvalidDataException e)
            {
                throw BerthException.Conflict($"{e.Message}: send it again");
            }
            var manifest = new ContextManifest(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), upload.Entries);
            await FileSync.WriteAtomicAsync(ManifestPath(upload.Key), JsonSerializer.SerializeToUtf8Bytes(manifest, ContextJsonContext.Default.ContextManifest), cancellationToken);
            LogReceived(upload.Key[..12], upload.Missing.Count, upload.Entries.Count, received);
            return new SyncedContext(directory, digests, held, () => EvictAsync(upload.Key));
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Removes every kept context nobody builds from; the bytes given back.</summary>
    public async Task<long> ClearAsync(CancellationToken cancellationToken)
    {
        long reclaimed = 0;
        foreach (var key in KeptKeys()) reclaimed += await RemoveAsync(key, cancellationToken);
        return reclaimed;
    }

    /// <summary>A kept context as <c>system df</c> reports it: its key, the bytes of its files, when a build last used it.</summary>
    public sealed record KeptContext(string Key, long Size, DateTimeOffset LastUsed);

    /// <summary>The kept contexts, for <c>system df</c>'s build cache (BuildKit lists its kept local sources there too).</summary>
    public IReadOnlyList<KeptContext> List() =>
        [.. KeptKeys().Select(key =>
        {
            var directory = new DirectoryInfo(FilesPath(key));
            var lastUsed = File.Exists(ManifestPath(key)) ? File.GetLastWriteTimeUtc(ManifestPath(key)) : directory.LastWriteTimeUtc;
            return new KeptContext(key, SizeOf(directory), new DateTimeOffset(lastUsed, TimeSpan.Zero));
        })];

    /// <summary>The least recently built contexts beyond <see cref="Kept"/> go, <paramref name="current"/> never.</summary>
    private async Task EvictAsync(string current)
    {
        var victims = KeptKeys().Where(k => k != current)
            .OrderByDescending(k => File.Exists(ManifestPath(k)) ? File.GetLastWriteTimeUtc(ManifestPath(k)) : DateTime.MinValue)
            .Skip(Kept - 1);
        foreach (var key in victims) await RemoveAsync(key, CancellationToken.None);
    }

    private async Task<long> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        using (await _locks.EnterAsync(key, cancellationToken))
        {
            File.Delete(ManifestPath(key));
            _digests.TryRemove(key, out _);
            var directory = new DirectoryInfo(FilesPath(key));
            if (!directory.Exists) return 0;
            var size = SizeOf(directory);
            directory.Delete(recursive: true);
            return size;
        }
    }

    private static long SizeOf(DirectoryInfo directory) => directory.Exists
        ? directory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.Length)
        : 0;

    private IEnumerable<string> KeptKeys() =>
        Directory.Exists(filesRoot) ? [.. Directory.EnumerateDirectories(filesRoot).Select(Path.GetFileName).OfType<string>()] : [];

    private ContextManifest? ReadManifest(string key)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(ManifestPath(key)), ContextJsonContext.Default.ContextManifest);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    private string FilesPath(string key) => Path.Join(filesRoot, key);

    private string ManifestPath(string key) => Path.Join(manifestsRoot, key + ".json");

    [LoggerMessage(Level = LogLevel.Information, Message = "build context {Key}: received {Changed} of {Entries} entries, {Bytes} bytes")]
    private partial void LogReceived(string key, int changed, int entries, long bytes);
}

/// <summary>A kept context, held for one build: no other build of the same directory changes it meanwhile.</summary>
public sealed class SyncedContext(string directory, FileDigestCache digests, IDisposable held, Func<Task> afterRelease) : IReceivedContext
{
    public string Directory { get; } = directory;

    public FileDigestCache? Digests { get; } = digests;

    public async ValueTask DisposeAsync()
    {
        held.Dispose();
        await afterRelease();
    }
}
