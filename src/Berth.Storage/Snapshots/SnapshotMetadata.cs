using System.Globalization;
using Berth.Oci;
using Microsoft.Data.Sqlite;

namespace Berth.Storage.Snapshots;

/// <summary>
/// The durable half of a snapshotter: which snapshots exist, their kinds and parents, in SQLite (WAL,
/// synchronous=FULL) like the image store.
/// </summary>
/// <remarks>
/// Why SQLite rather than one JSON file per snapshot: a commit renames a key and changes a kind, a remove
/// must check for children and delete in one step, and both race with a prepare naming the same parent.
/// A transaction makes each of those one atomic, durable change, with the key's uniqueness and the parent
/// reference enforced by the database; JSON files would need a lock file, rename dances and a scan of
/// every file to find children.
/// Directories follow the rows: each change runs a file system step (a rename) inside its transaction,
/// so a crash leaves at worst a directory without a row, which <see cref="SnapshotStore"/> deletes on open.
/// </remarks>
internal sealed class SnapshotMetadata : IDisposable
{
    private const string Columns = "s.id, s.key, s.parent_id, p.key, s.kind, s.created";
    private const string From = "FROM snapshots s LEFT JOIN snapshots p ON p.id = s.parent_id";

    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    public SnapshotMetadata(string databasePath)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _db.Open();
        Execute(null, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA foreign_keys=ON;
            CREATE TABLE IF NOT EXISTS snapshots (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                parent_id INTEGER REFERENCES snapshots(id),
                kind INTEGER NOT NULL,
                created TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS snapshots_by_parent ON snapshots(parent_id);
            """);
    }

    public SnapshotRecord? Get(string key)
    {
        lock (_lock) return Query(null, "WHERE s.key = $key", ("$key", key)).FirstOrDefault();
    }

    /// <summary>The parents of <paramref name="record"/>, nearest first, down to the one without a parent.</summary>
    public IReadOnlyList<SnapshotRecord> Parents(SnapshotRecord record)
    {
        lock (_lock)
        {
            var chain = new List<SnapshotRecord>();
            for (var id = record.ParentId; id is not null; id = chain[^1].ParentId)
            {
                chain.Add(Query(null, "WHERE s.id = $id", ("$id", id.Value)).Single());
            }
            return chain;
        }
    }

    /// <summary>
    /// Every snapshot by id, parents before their children: a snapshot committed onto a parent may be older than
    /// that parent, so each comes after its chain, which is listed first where it is not yet.
    /// </summary>
    public IReadOnlyList<SnapshotRecord> All()
    {
        List<SnapshotRecord> records;
        lock (_lock) records = Query(null, "ORDER BY s.id");
        var byId = records.ToDictionary(record => record.Id);
        var listed = new HashSet<long>();
        var ordered = new List<SnapshotRecord>(records.Count);
        var chain = new Stack<SnapshotRecord>();
        foreach (var record in records)
        {
            for (var next = record; next is not null && !listed.Contains(next.Id); next = next.ParentId is { } id ? byId.GetValueOrDefault(id) : null)
            {
                chain.Push(next);
            }
            while (chain.TryPop(out var first))
            {
                listed.Add(first.Id);
                ordered.Add(first);
            }
        }
        return ordered;
    }

    /// <summary>
    /// Adds a snapshot and, inside the same transaction, runs <paramref name="place"/> with its new id (to
    /// move its prepared directory into place). Conflict if the key exists; the parent must be committed.
    /// </summary>
    public SnapshotRecord Add(string key, string? parent, SnapshotKind kind, Action<long> place)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            RequireFree(tx, key);
            long? parentId = null;
            if (parent is not null)
            {
                var parentRecord = Query(tx, "WHERE s.key = $key", ("$key", parent)).FirstOrDefault()
                    ?? throw BerthException.NotFound($"parent snapshot {parent} does not exist");
                if (parentRecord.Kind != SnapshotKind.Committed)
                {
                    throw BerthException.Invalid($"parent snapshot {parent} is {Describe(parentRecord.Kind)}; only a committed snapshot can be a parent");
                }
                parentId = parentRecord.Id;
            }
            var created = DateTimeOffset.UtcNow;
            Execute(tx, "INSERT INTO snapshots(key, parent_id, kind, created) VALUES ($key, $parent, $kind, $created)",
                ("$key", key), ("$parent", (object?)parentId ?? DBNull.Value), ("$kind", (int)kind), ("$created", created.ToString("O")));
            var id = (long)Scalar(tx, "SELECT last_insert_rowid()")!;
            place(id);
            tx.Commit();
            return new SnapshotRecord(id, key, parentId, parent, kind, created);
        }
    }

    /// <summary>
    /// Renames the active snapshot <paramref name="key"/> to <paramref name="name"/> and makes it committed; with
    /// <paramref name="parent"/>, a snapshot prepared on nothing is committed standing on that committed snapshot.
    /// </summary>
    public void Commit(string name, string key, string? parent = null)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var record = Query(tx, "WHERE s.key = $key", ("$key", key)).FirstOrDefault()
                ?? throw BerthException.NotFound($"snapshot {key} does not exist");
            if (record.Kind != SnapshotKind.Active)
            {
                throw BerthException.Invalid($"snapshot {key} is {Describe(record.Kind)}; only an active snapshot can be committed");
            }
            RequireFree(tx, name);
            var parentId = record.ParentId;
            if (parent is not null)
            {
                if (record.ParentId is not null)
                {
                    throw BerthException.Invalid($"snapshot {key} was prepared on {record.Parent}; only one prepared on nothing can be committed onto a parent");
                }
                var parentRecord = Query(tx, "WHERE s.key = $key", ("$key", parent)).FirstOrDefault()
                    ?? throw BerthException.NotFound($"parent snapshot {parent} does not exist");
                if (parentRecord.Kind != SnapshotKind.Committed)
                {
                    throw BerthException.Invalid($"parent snapshot {parent} is {Describe(parentRecord.Kind)}; only a committed snapshot can be a parent");
                }
                parentId = parentRecord.Id;
            }
            Execute(tx, "UPDATE snapshots SET key = $name, kind = $kind, parent_id = $parent WHERE id = $id",
                ("$name", name), ("$kind", (int)SnapshotKind.Committed), ("$parent", (object?)parentId ?? DBNull.Value), ("$id", record.Id));
            tx.Commit();
        }
    }

    /// <summary>
    /// Deletes the row of <paramref name="key"/> and, inside the same transaction, runs <paramref name="retire"/>
    /// with its id (to move its directory out of the way). Conflict if it is another snapshot's parent.
    /// </summary>
    public SnapshotRecord Remove(string key, Action<long> retire)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var record = Query(tx, "WHERE s.key = $key", ("$key", key)).FirstOrDefault()
                ?? throw BerthException.NotFound($"snapshot {key} does not exist");
            var children = (long)Scalar(tx, "SELECT count(*) FROM snapshots WHERE parent_id = $id", ("$id", record.Id))!;
            if (children > 0)
            {
                throw BerthException.Conflict($"snapshot {key} is the parent of {children} other snapshot(s); remove them first");
            }
            Execute(tx, "DELETE FROM snapshots WHERE id = $id", ("$id", record.Id));
            retire(record.Id);
            tx.Commit();
            return record;
        }
    }

    public void Dispose() => _db.Dispose();

    private void RequireFree(SqliteTransaction tx, string key)
    {
        if (Scalar(tx, "SELECT 1 FROM snapshots WHERE key = $key", ("$key", key)) is not null)
        {
            throw BerthException.Conflict($"snapshot {key} already exists");
        }
    }

    private static string Describe(SnapshotKind kind) => kind switch
    {
        SnapshotKind.Active => "active",
        SnapshotKind.View => "a view",
        _ => "committed",
    };

    private List<SnapshotRecord> Query(SqliteTransaction? tx, string where, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(tx, $"SELECT {Columns} {From} {where}", parameters);
        using var reader = cmd.ExecuteReader();
        var records = new List<SnapshotRecord>();
        while (reader.Read())
        {
            records.Add(new SnapshotRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                (SnapshotKind)reader.GetInt32(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }
        return records;
    }

    private void Execute(SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(tx, sql, parameters);
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(tx, sql, parameters);
        return cmd.ExecuteScalar();
    }

    private SqliteCommand Command(SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return cmd;
    }
}
