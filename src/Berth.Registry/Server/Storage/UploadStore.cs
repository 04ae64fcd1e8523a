using System.Collections.Concurrent;
using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Registry.Server.Storage;

/// <summary>
/// Blob uploads: started, appended to, then completed (verified and published to <see cref="BlobStore"/>)
/// or cancelled. Sessions live in memory for speed; one found only on disk (the server restarted) is picked up
/// again by hashing what was written, so an interrupted upload can resume. Nothing an upload holds is visible
/// as a blob until <see cref="CompleteAsync"/> has checked digest and size.
/// </summary>
internal sealed class UploadStore(RegistryLayout layout, AtomicFile files, BlobStore blobs, TimeProvider time)
{
    private const string RepositoryFile = "repository";
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new();

    public async Task<UploadSession> StartAsync(string repository, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var directory = layout.Upload(id);
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "data"), [], cancellationToken);
        await files.WriteTextAsync(Path.Combine(directory, RepositoryFile), repository, cancellationToken);
        var session = new UploadSession(id, repository, directory, IncrementalHash.CreateHash(HashAlgorithmName.SHA256), 0);
        _sessions[id] = session;
        return session;
    }

    /// <summary>The upload <paramref name="id"/> of <paramref name="repository"/>, or BLOB_UPLOAD_UNKNOWN.</summary>
    public async Task<UploadSession> OpenAsync(string repository, string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "N", out _)) throw Unknown(id);
        if (_sessions.TryGetValue(id, out var session))
        {
            return session.Repository == repository ? session : throw Unknown(id);
        }
        var directory = layout.Upload(id);
        var repositoryFile = Path.Combine(directory, RepositoryFile);
        if (!File.Exists(repositoryFile) || await File.ReadAllTextAsync(repositoryFile, cancellationToken) != repository) throw Unknown(id);
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var data = new FileStream(Path.Combine(directory, "data"), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
        }
        var restored = new UploadSession(id, repository, directory, hash, size);
        if (_sessions.TryAdd(id, restored)) return restored;
        restored.Dispose();
        return _sessions[id];
    }

    /// <summary>
    /// Forgets the in-memory state of a session whose last append failed midway: the next open re-reads the data
    /// from disk, so the size and hash match whatever bytes did land.
    /// </summary>
    public void Forget(UploadSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, UploadSession>(session.Id, session))) session.Dispose();
    }

    /// <summary>Verifies the upload against <paramref name="expected"/> and publishes it as a blob.</summary>
    public void Complete(UploadSession session, Digest expected)
    {
        var actual = session.CurrentDigest();
        if (actual != expected)
        {
            Cancel(session);
            throw new RegistryException(RegistryErrorCode.DigestInvalid, $"digest {expected} does not match the uploaded content ({actual})");
        }
        blobs.Publish(session.DataPath, actual);
        Cancel(session);
    }

    public void Cancel(UploadSession session)
    {
        _sessions.TryRemove(session.Id, out _);
        if (Directory.Exists(session.Directory)) Directory.Delete(session.Directory, recursive: true);
        session.Dispose();
    }

    /// <summary>Removes uploads untouched for longer than <paramref name="maxAge"/> (abandoned by their clients).</summary>
    public int PurgeStale(TimeSpan maxAge)
    {
        var purged = 0;
        var cutoff = time.GetUtcNow() - maxAge;
        foreach (var directory in Directory.EnumerateDirectories(layout.UploadsRoot))
        {
            var data = Path.Combine(directory, "data");
            var touched = File.Exists(data) ? File.GetLastWriteTimeUtc(data) : Directory.GetLastWriteTimeUtc(directory);
            if (touched >= cutoff.UtcDateTime) continue;
            var id = Path.GetFileName(directory);
            if (_sessions.TryRemove(id, out var session)) session.Dispose();
            Directory.Delete(directory, recursive: true);
            purged++;
        }
        return purged;
    }

    private static RegistryException Unknown(string id) => new(RegistryErrorCode.BlobUploadUnknown, $"upload {id} unknown");
}
