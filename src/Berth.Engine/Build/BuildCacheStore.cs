using Berth.Build.Worker;
using Berth.Engine.Images;
using Berth.Oci;
using Microsoft.Data.Sqlite;

namespace Berth.Engine.Build;

/// <summary>
/// The build cache's index in SQLite (WAL, synchronous=FULL): step cache key → the state (manifest) it produced.
/// The states' blobs stay alive through it (<see cref="IBlobRoots"/>) until <c>builder prune</c> forgets them.
/// </summary>
public sealed class BuildCacheStore : IBuildCache, IBlobRoots, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    public BuildCacheStore(string databasePath)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _db.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS steps (key TEXT PRIMARY KEY, manifest TEXT NOT NULL);
            """);
    }

    public Digest? Find(string key)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT manifest FROM steps WHERE key = $key", ("$key", key));
            return cmd.ExecuteScalar() is string manifest ? Digest.Parse(manifest) : null;
        }
    }

    public void Remember(string key, Digest manifest)
    {
        lock (_lock)
        {
            using var cmd = Command("INSERT INTO steps(key, manifest) VALUES ($key, $manifest) ON CONFLICT(key) DO UPDATE SET manifest = excluded.manifest",
                ("$key", key), ("$manifest", manifest.ToString()));
            cmd.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<Digest> Manifests()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT DISTINCT manifest FROM steps");
            using var reader = cmd.ExecuteReader();
            var manifests = new List<Digest>();
            while (reader.Read()) manifests.Add(Digest.Parse(reader.GetString(0)));
            return manifests;
        }
    }

    /// <summary>Forgets every step; returns their keys.</summary>
    public IReadOnlyList<string> Clear()
    {
        lock (_lock)
        {
            using var cmd = Command("DELETE FROM steps RETURNING key");
            using var reader = cmd.ExecuteReader();
            var keys = new List<string>();
            while (reader.Read()) keys.Add(reader.GetString(0));
            return keys;
        }
    }

    public void Dispose() => _db.Dispose();

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }
}
