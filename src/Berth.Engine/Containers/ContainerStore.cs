using System.Globalization;
using Berth.Oci;
using Berth.Images.Store;
using Microsoft.Data.Sqlite;

namespace Berth.Engine.Containers;

/// <summary>
/// Container records in SQLite (WAL, synchronous=FULL), one connection under a lock. Names are unique
/// (stored without the leading slash); the name check and the write happen in one transaction, so two
/// creates racing for a name cannot both win. State changes are read-modify-write under the same lock.
/// </summary>
public sealed class ContainerStore : IDisposable
{
    private const string Columns =
        "id, name, image_id, image_name, created, create_request, status, pid, exit_code, started_at, finished_at, oom_killed, error, restart_count";

    private readonly SqliteDatabase _db;
    private readonly Lock _lock = new();

    public ContainerStore(string databasePath)
    {
        _db = new SqliteDatabase(databasePath, """
            CREATE TABLE IF NOT EXISTS containers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                image_id TEXT NOT NULL,
                image_name TEXT NOT NULL,
                created TEXT NOT NULL,
                create_request TEXT NOT NULL,
                status TEXT NOT NULL,
                pid INTEGER NOT NULL,
                exit_code INTEGER NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                oom_killed INTEGER NOT NULL,
                error TEXT NOT NULL,
                restart_count INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS container_health (
                id TEXT PRIMARY KEY,
                health TEXT NOT NULL);
            """);
    }

    /// <summary>Adds a new container.</summary>
    /// <exception cref="BerthException">Conflict when its name is taken.</exception>
    public void Add(ContainerRecord container)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            ThrowIfNameTaken(container.Name, tx);
            Insert(container, tx);
            tx.Commit();
        }
    }

    /// <summary>
    /// Adds a record whose name was generated: free when it was drawn, the name may have been taken since by a
    /// create running alongside, and is then drawn again by <paramref name="draw"/>, which gets the check for a taken
    /// name that sees this transaction (so the name the record ends with is its own).
    /// </summary>
    /// <returns>The record as added, with the name it got.</returns>
    public ContainerRecord AddWithGeneratedName(ContainerRecord container, Func<Func<string, bool>, string> draw)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(draw);
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            if (OwnerOf(container.Name, tx) is not null) container = container with { Name = draw(name => OwnerOf(name, tx) is not null) };
            ThrowIfNameTaken(container.Name, tx);
            Insert(container, tx);
            tx.Commit();
            return container;
        }
    }

    private void Insert(ContainerRecord container, SqliteTransaction tx) =>
        _db.Execute($"""
            INSERT INTO containers({Columns})
            VALUES ($id, $name, $image_id, $image_name, $created, $create_request, $status, $pid, $exit_code, $started_at, $finished_at, $oom_killed, $error, $restart_count)
            """, tx,
            [("$id", container.Id), ("$name", container.Name), ("$image_id", container.ImageId.ToString()),
             ("$image_name", container.ImageName), ("$created", container.Created.ToString("O")),
             ("$create_request", container.CreateRequestJson), .. StateParameters(container.State)]);

    public ContainerRecord? Get(string id)
    {
        lock (_lock) return Query("WHERE id = $id", ("$id", id)).FirstOrDefault();
    }

    /// <summary>The container called <paramref name="name"/> (without the leading slash).</summary>
    public ContainerRecord? FindByName(string name)
    {
        lock (_lock) return Query("WHERE name = $name", ("$name", name)).FirstOrDefault();
    }

    /// <summary>IDs starting with <paramref name="prefix"/>; more than one means the prefix is ambiguous.</summary>
    public IReadOnlyList<string> FindByIdPrefix(string prefix)
    {
        lock (_lock)
        {
            // substr rather than LIKE, so '_' and '%' in the input match only themselves (that is, nothing).
            using var cmd = _db.Command("SELECT id FROM containers WHERE substr(id, 1, length($prefix)) = $prefix", null, ("$prefix", prefix));
            using var reader = cmd.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read()) ids.Add(reader.GetString(0));
            return ids;
        }
    }

    public bool IsNameTaken(string name)
    {
        lock (_lock) return OwnerOf(name, null) is not null;
    }

    /// <summary>Every container, newest first (the order of <c>docker ps</c>).</summary>
    public IReadOnlyList<ContainerRecord> List()
    {
        lock (_lock) return Query("ORDER BY created DESC, rowid DESC");
    }

    /// <summary>
    /// Replaces a container's state with <paramref name="change"/> of the current one, atomically. The function
    /// runs under the store's lock: it may throw to refuse the transition (nothing is written), and it must not
    /// call back into the store.
    /// </summary>
    /// <exception cref="BerthException">NotFound when there is no such container.</exception>
    public ContainerState UpdateState(string id, Func<ContainerState, ContainerState> change)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var current = Query("WHERE id = $id", tx, ("$id", id)).FirstOrDefault()
                ?? throw BerthException.NotFound($"No such container: {id}");
            var next = change(current.State);
            _db.Execute("""
                UPDATE containers SET status = $status, pid = $pid, exit_code = $exit_code, started_at = $started_at,
                    finished_at = $finished_at, oom_killed = $oom_killed, error = $error, restart_count = $restart_count
                WHERE id = $id
                """, tx, [("$id", id), .. StateParameters(next)]);
            tx.Commit();
            return next;
        }
    }

    /// <summary>Gives a container a new name (without the leading slash).</summary>
    /// <exception cref="BerthException">NotFound; InvalidArgument for its current name; Conflict when another container has it.</exception>
    public void Rename(string id, string newName)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var current = Query("WHERE id = $id", tx, ("$id", id)).FirstOrDefault()
                ?? throw BerthException.NotFound($"No such container: {id}");
            if (current.Name == newName)
                throw BerthException.Invalid("Renaming a container with the same name as its current name");
            ThrowIfNameTaken(newName, tx);
            _db.Execute("UPDATE containers SET name = $name WHERE id = $id", tx, ("$id", id), ("$name", newName));
            tx.Commit();
        }
    }

    /// <summary>Removes the record and its health; false if there was none.</summary>
    public bool Remove(string id)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            _db.Execute("DELETE FROM container_health WHERE id = $id", tx, ("$id", id));
            var removed = _db.Execute("DELETE FROM containers WHERE id = $id", tx, ("$id", id)) > 0;
            tx.Commit();
            return removed;
        }
    }

    /// <summary>
    /// Keeps a running container's health (status, failing streak, last probes), so that a new daemon shows the
    /// same Health and goes on probing from there. A table of its own: it changes at every probe, the rest rarely.
    /// </summary>
    public void SaveHealth(string id, HealthSnapshot health)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(health, HealthJsonContext.Default.HealthSnapshot);
        lock (_lock)
        {
            // Only for a container that is still there: a probe that ends as the container is removed stores nothing.
            _db.Execute("""
                INSERT INTO container_health(id, health) SELECT $id, $health WHERE EXISTS (SELECT 1 FROM containers WHERE id = $id)
                ON CONFLICT(id) DO UPDATE SET health = $health
                """, null, ("$id", id), ("$health", json));
        }
    }

    /// <summary>The health <see cref="SaveHealth"/> kept last; null when none was kept, or it cannot be read.</summary>
    public HealthSnapshot? LoadHealth(string id)
    {
        string? json;
        lock (_lock)
        {
            using var cmd = _db.Command("SELECT health FROM container_health WHERE id = $id", null, ("$id", id));
            json = cmd.ExecuteScalar() as string;
        }
        if (json is null) return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(json, HealthJsonContext.Default.HealthSnapshot);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Conflict, with Docker's message, when a container already has <paramref name="name"/>.</summary>
    public void ThrowIfNameTaken(string name)
    {
        lock (_lock) ThrowIfNameTaken(name, null);
    }

    private void ThrowIfNameTaken(string name, SqliteTransaction? tx)
    {
        if (OwnerOf(name, tx) is { } owner)
            throw BerthException.Conflict(
                $"Conflict. The container name \"/{name}\" is already in use by container \"{owner}\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    private string? OwnerOf(string name, SqliteTransaction? tx)
    {
        using var cmd = _db.Command("SELECT id FROM containers WHERE name = $name", tx, ("$name", name));
        return cmd.ExecuteScalar() as string;
    }

    private static (string Name, object Value)[] StateParameters(ContainerState state) =>
    [
        ("$status", state.Status.ToWire()),
        ("$pid", state.Pid),
        ("$exit_code", state.ExitCode),
        ("$started_at", (object?)state.StartedAt?.ToString("O") ?? DBNull.Value),
        ("$finished_at", (object?)state.FinishedAt?.ToString("O") ?? DBNull.Value),
        ("$oom_killed", state.OomKilled ? 1 : 0),
        ("$error", state.Error),
        ("$restart_count", state.RestartCount),
    ];

    private List<ContainerRecord> Query(string where, params (string Name, object Value)[] parameters) => Query(where, null, parameters);

    private List<ContainerRecord> Query(string where, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        using var cmd = _db.Command($"SELECT {Columns} FROM containers {where}", tx, parameters);
        using var reader = cmd.ExecuteReader();
        var containers = new List<ContainerRecord>();
        while (reader.Read())
        {
            var state = new ContainerState
            {
                Status = ContainerStatuses.Parse(reader.GetString(6)),
                Pid = reader.GetInt32(7),
                ExitCode = reader.GetInt32(8),
                StartedAt = reader.IsDBNull(9) ? null : ParseTime(reader.GetString(9)),
                FinishedAt = reader.IsDBNull(10) ? null : ParseTime(reader.GetString(10)),
                OomKilled = reader.GetInt64(11) != 0,
                Error = reader.GetString(12),
                RestartCount = reader.GetInt32(13),
            };
            containers.Add(new ContainerRecord(
                reader.GetString(0),
                reader.GetString(1),
                Digest.Parse(reader.GetString(2)),
                reader.GetString(3),
                ParseTime(reader.GetString(4)),
                reader.GetString(5),
                state));
        }
        return containers;
    }

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);


}
