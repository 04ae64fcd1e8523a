using Berth.Oci;
using Microsoft.Data.Sqlite;

namespace Berth.Images.Store;

/// <summary>
/// Image metadata in SQLite (WAL, synchronous=FULL): image records and the references (names) that point
/// at them. Blobs live in the content store; this holds only what must change atomically, so an image
/// appears with all its tags in one transaction or not at all.
/// Reference names are stored fully normalised (<c>docker.io/library/busybox:latest</c>).
/// </summary>
public sealed class ImageStore : IDisposable
{
    private readonly SqliteDatabase _db;
    private readonly Lock _lock = new();

    public ImageStore(string databasePath)
    {
        _db = new SqliteDatabase(databasePath, """
            PRAGMA foreign_keys=ON;
            CREATE TABLE IF NOT EXISTS images (
                id TEXT PRIMARY KEY,
                manifest_digest TEXT NOT NULL,
                size INTEGER NOT NULL,
                created TEXT NOT NULL,
                added_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS refs (
                name TEXT PRIMARY KEY,
                image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE);
            CREATE INDEX IF NOT EXISTS refs_by_image ON refs(image_id);
            """);
    }

    /// <summary>Adds (or keeps) an image and points each of <paramref name="names"/> at it, in one transaction.</summary>
    public void Commit(ImageRecord image, IEnumerable<string> names)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            _db.Execute("""
                INSERT INTO images(id, manifest_digest, size, created, added_at) VALUES ($id, $manifest, $size, $created, $added)
                ON CONFLICT(id) DO UPDATE SET manifest_digest = excluded.manifest_digest
                """, tx,
                ("$id", image.Id.ToString()), ("$manifest", image.ManifestDigest.ToString()), ("$size", image.Size),
                ("$created", image.Created.ToString("O")), ("$added", image.AddedAt.ToString("O")));
            foreach (var name in names) UpsertName(name, image.Id, tx);
            tx.Commit();
        }
    }

    public ImageRecord? Get(Digest id)
    {
        lock (_lock) return QueryImages("WHERE id = $id", ("$id", id.ToString())).FirstOrDefault();
    }

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock) return QueryImages("ORDER BY created DESC");
    }

    /// <summary>Image IDs whose hex starts with <paramref name="hexPrefix"/> (for short-ID lookups).</summary>
    public IReadOnlyList<Digest> FindByIdPrefix(string hexPrefix)
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT id FROM images WHERE substr(id, 1, length($prefix)) = $prefix", null, ("$prefix", $"{Digest.Sha256Algorithm}:{hexPrefix}"));
            using var reader = cmd.ExecuteReader();
            var found = new List<Digest>();
            while (reader.Read()) found.Add(Digest.Parse(reader.GetString(0)));
            return found;
        }
    }

    public Digest? Resolve(string name)
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT image_id FROM refs WHERE name = $name", null, ("$name", name));
            return cmd.ExecuteScalar() is string id ? Digest.Parse(id) : null;
        }
    }

    /// <summary>Every reference, grouped by the image it names.</summary>
    public IReadOnlyDictionary<Digest, List<string>> AllNames()
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT image_id, name FROM refs ORDER BY name", null);
            using var reader = cmd.ExecuteReader();
            var names = new Dictionary<Digest, List<string>>();
            while (reader.Read())
            {
                var id = Digest.Parse(reader.GetString(0));
                if (!names.TryGetValue(id, out var list)) names[id] = list = [];
                list.Add(reader.GetString(1));
            }
            return names;
        }
    }

    public IReadOnlyList<string> NamesOf(Digest id) => AllNames().GetValueOrDefault(id) ?? [];

    public void SetName(string name, Digest id)
    {
        lock (_lock) UpsertName(name, id, null);
    }

    private void UpsertName(string name, Digest id, SqliteTransaction? tx) =>
        _db.Execute("INSERT INTO refs(name, image_id) VALUES ($name, $id) ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id",
            tx, ("$name", name), ("$id", id.ToString()));

    public bool RemoveName(string name)
    {
        lock (_lock) return _db.Execute("DELETE FROM refs WHERE name = $name", null, ("$name", name)) > 0;
    }

    /// <summary>Removes an image record and every name pointing at it.</summary>
    public void RemoveImage(Digest id)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            _db.Execute("DELETE FROM refs WHERE image_id = $id", tx, ("$id", id.ToString()));
            _db.Execute("DELETE FROM images WHERE id = $id", tx, ("$id", id.ToString()));
            tx.Commit();
        }
    }

    public void Dispose() => _db.Dispose();

    private List<ImageRecord> QueryImages(string where, params (string Name, object Value)[] parameters)
    {
        using var cmd = _db.Command($"SELECT id, manifest_digest, size, created, added_at FROM images {where}", null, parameters);
        using var reader = cmd.ExecuteReader();
        var images = new List<ImageRecord>();
        while (reader.Read())
        {
            images.Add(new ImageRecord(
                Digest.Parse(reader.GetString(0)),
                Digest.Parse(reader.GetString(1)),
                reader.GetInt64(2),
                DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture)));
        }
        return images;
    }


}
