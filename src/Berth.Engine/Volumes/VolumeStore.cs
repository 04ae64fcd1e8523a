using System.Globalization;
using System.Text.Json;
using Berth.Oci;
using Berth.Images.Store;
using Microsoft.Data.Sqlite;

namespace Berth.Engine.Volumes;

/// <summary>
/// Volumes and the mounts containers hold on them, in SQLite (WAL, synchronous=FULL), one connection under a
/// lock. A container's mounts are written in one transaction with a check that each volume still exists, so a
/// volume removed meanwhile cannot end up referenced.
/// </summary>
public sealed class VolumeStore : IDisposable
{
    private readonly SqliteDatabase _db;
    private readonly Lock _lock = new();

    public VolumeStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        _db = new SqliteDatabase(databasePath, """
            CREATE TABLE IF NOT EXISTS volumes (
                name TEXT PRIMARY KEY,
                driver TEXT NOT NULL,
                options TEXT,
                labels TEXT,
                created TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS container_mounts (
                container_id TEXT NOT NULL,
                destination TEXT NOT NULL,
                type TEXT NOT NULL,
                source TEXT NOT NULL,
                read_only INTEGER NOT NULL,
                mode TEXT NOT NULL,
                no_copy INTEGER NOT NULL,
                anonymous INTEGER NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (container_id, destination));
            CREATE INDEX IF NOT EXISTS container_mounts_source ON container_mounts(type, source);
            """);
    }

    /// <returns>False when a volume of that name exists already.</returns>
    public bool TryAdd(VolumeRecord volume)
    {
        lock (_lock)
        {
            return _db.Execute("""
                INSERT OR IGNORE INTO volumes(name, driver, options, labels, created) VALUES ($name, $driver, $options, $labels, $created)
                """, null,
                ("$name", volume.Name), ("$driver", volume.Driver), ("$options", ToJson(volume.Options)),
                ("$labels", ToJson(volume.Labels)), ("$created", volume.CreatedAt.ToString("O", CultureInfo.InvariantCulture))) > 0;
        }
    }

    public VolumeRecord? Get(string name)
    {
        lock (_lock) return Query("WHERE name = $name", ("$name", name)).FirstOrDefault();
    }

    /// <summary>Every volume, by name.</summary>
    public IReadOnlyList<VolumeRecord> List()
    {
        lock (_lock) return Query("ORDER BY name");
    }

    /// <summary>Removes the volume unless a container uses it; returns those containers (none when it was removed).</summary>
    public IReadOnlyList<string> RemoveUnlessUsed(string name)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var users = UsersOf(name, tx);
            if (users.Count > 0) return users;
            _db.Execute("DELETE FROM volumes WHERE name = $name", tx, ("$name", name));
            tx.Commit();
            return [];
        }
    }

    /// <summary>The containers with a mount of the volume, stopped ones included.</summary>
    public IReadOnlyList<string> UsersOf(string name)
    {
        lock (_lock) return UsersOf(name, null);
    }

    /// <summary>Names of the volumes some container uses.</summary>
    public IReadOnlySet<string> InUse()
    {
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT DISTINCT source FROM container_mounts WHERE type = 'volume'", null);
            using var reader = cmd.ExecuteReader();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read()) names.Add(reader.GetString(0));
            return names;
        }
    }

    /// <summary>Records a new container's mounts.</summary>
    /// <exception cref="BerthException">NotFound when one of the volumes is gone (removed meanwhile).</exception>
    public void SetMounts(string containerId, IReadOnlyList<ContainerMount> mounts)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            _db.Execute("DELETE FROM container_mounts WHERE container_id = $id", tx, ("$id", containerId));
            for (var i = 0; i < mounts.Count; i++)
            {
                var mount = mounts[i];
                if (mount.IsVolume && Query("WHERE name = $name", tx, ("$name", mount.Source)).Count == 0)
                    throw BerthException.NotFound($"get {mount.Source}: no such volume");
                _db.Execute("""
                    INSERT INTO container_mounts(container_id, destination, type, source, read_only, mode, no_copy, anonymous, position)
                    VALUES ($id, $destination, $type, $source, $read_only, $mode, $no_copy, $anonymous, $position)
                    """, tx,
                    ("$id", containerId), ("$destination", mount.Destination), ("$type", mount.Type), ("$source", mount.Source),
                    ("$read_only", mount.ReadOnly ? 1 : 0), ("$mode", mount.Mode), ("$no_copy", mount.NoCopy ? 1 : 0),
                    ("$anonymous", mount.Anonymous ? 1 : 0), ("$position", i));
            }
            tx.Commit();
        }
    }

    /// <summary>A container's mounts, in the order they were recorded.</summary>
    public IReadOnlyList<ContainerMount> MountsOf(string containerId) => [.. ReadMounts("WHERE container_id = $id", ("$id", containerId)).Select(m => m.Mount)];

    /// <summary>Every container's mounts, each container's in the order they were recorded: one read for a listing.</summary>
    public ILookup<string, ContainerMount> AllMounts() => ReadMounts("").ToLookup(m => m.ContainerId, m => m.Mount, StringComparer.Ordinal);

    private List<(string ContainerId, ContainerMount Mount)> ReadMounts(string where, params (string Name, object Value)[] parameters)
    {
        lock (_lock)
        {
            using var cmd = _db.Command($"""
                SELECT container_id, destination, type, source, read_only, mode, no_copy, anonymous FROM container_mounts
                {where} ORDER BY container_id, position
                """, null, parameters);
            using var reader = cmd.ExecuteReader();
            var mounts = new List<(string, ContainerMount)>();
            while (reader.Read())
            {
                mounts.Add((reader.GetString(0), new ContainerMount(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4) != 0,
                    reader.GetString(5), reader.GetInt64(6) != 0, reader.GetInt64(7) != 0)));
            }
            return mounts;
        }
    }

    public void RemoveMounts(string containerId)
    {
        lock (_lock) _db.Execute("DELETE FROM container_mounts WHERE container_id = $id", null, ("$id", containerId));
    }

    public void Dispose() => _db.Dispose();

    private List<string> UsersOf(string name, SqliteTransaction? tx)
    {
        using var cmd = _db.Command("SELECT DISTINCT container_id FROM container_mounts WHERE type = 'volume' AND source = $name ORDER BY container_id", tx, ("$name", name));
        using var reader = cmd.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private List<VolumeRecord> Query(string where, params (string Name, object Value)[] parameters) => Query(where, null, parameters);

    private List<VolumeRecord> Query(string where, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        using var cmd = _db.Command($"SELECT name, driver, options, labels, created FROM volumes {where}", tx, parameters);
        using var reader = cmd.ExecuteReader();
        var volumes = new List<VolumeRecord>();
        while (reader.Read())
        {
            volumes.Add(new VolumeRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : FromJson(reader.GetString(2)),
                reader.IsDBNull(3) ? null : FromJson(reader.GetString(3)),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        }
        return volumes;
    }

    private static object ToJson(IReadOnlyDictionary<string, string>? map) =>
        map is null ? DBNull.Value : JsonSerializer.Serialize(new Dictionary<string, string>(map), VolumeJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize(json, VolumeJsonContext.Default.DictionaryStringString) ?? [];


}
