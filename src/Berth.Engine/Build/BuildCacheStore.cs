using Berth.Build.Worker;
using Berth.Engine.Images;
using Berth.Oci;
using Berth.Images.Store;

namespace Berth.Engine.Build;

/// <summary>
/// The build cache's index in SQLite (WAL, synchronous=FULL): step cache key → the state (manifest) it produced.
/// The states' blobs stay alive through it (<see cref="IBlobRoots"/>) until <c>builder prune</c> forgets them.
/// </summary>
public sealed class BuildCacheStore : IBuildCache, IBlobRoots, IDisposable
{
    private readonly SqliteDatabase _db;
    private readonly Lock _lock = new();

    public BuildCacheStore(string databasePath)
    {
        _db = new SqliteDatabase(databasePath, """
            CREATE TABLE IF NOT EXISTS steps (key TEXT PRIMARY KEY, manifest TEXT NOT NULL);
            """);
    }

    public Digest? Find(string key)
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT manifest FROM steps WHERE key = $key", null, ("$key", key));
            return cmd.ExecuteScalar() is string manifest ? Digest.Parse(manifest) : null;
        }
    }

    public void Remember(string key, Digest manifest)
    {
        lock (_lock)
        {
            _db.Execute("INSERT INTO steps(key, manifest) VALUES ($key, $manifest) ON CONFLICT(key) DO UPDATE SET manifest = excluded.manifest",
                null, ("$key", key), ("$manifest", manifest.ToString()));
        }
    }

    public IReadOnlyList<Digest> Manifests()
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT DISTINCT manifest FROM steps");
            using var reader = cmd.ExecuteReader();
            var manifests = new List<Digest>();
            while (reader.Read()) manifests.Add(Digest.Parse(reader.GetString(0)));
            return manifests;
        }
    }

    /// <summary>Every remembered step: its cache key and the manifest of the state it produced.</summary>
    public IReadOnlyList<(string Key, Digest Manifest)> Entries()
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT key, manifest FROM steps ORDER BY key");
            using var reader = cmd.ExecuteReader();
            var entries = new List<(string, Digest)>();
            while (reader.Read()) entries.Add((reader.GetString(0), Digest.Parse(reader.GetString(1))));
            return entries;
        }
    }

    /// <summary>Forgets every step; returns their keys.</summary>
    public IReadOnlyList<string> Clear()
    {
        lock (_lock)
        {
            using var cmd = _db.Command("DELETE FROM steps RETURNING key");
            using var reader = cmd.ExecuteReader();
            var keys = new List<string>();
            while (reader.Read()) keys.Add(reader.GetString(0));
            return keys;
        }
    }

    public void Dispose() => _db.Dispose();


}
