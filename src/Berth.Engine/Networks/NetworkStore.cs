using System.Text.Json;
using Berth.Network;
using Berth.Oci;
using Microsoft.Data.Sqlite;

namespace Berth.Engine.Networks;

/// <summary>
/// Networks and their endpoints in SQLite (WAL, synchronous=FULL), one connection under a lock, as the
/// container store keeps containers. Names are unique; an endpoint is one row per container and network,
/// its settings and live state kept as JSON.
/// </summary>
public sealed class NetworkStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    public NetworkStore(string databasePath)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _db.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS networks (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                definition TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS endpoints (
                container_id TEXT NOT NULL,
                network_id TEXT NOT NULL,
                config TEXT NOT NULL,
                state TEXT,
                PRIMARY KEY (container_id, network_id));
            """);
    }

    /// <exception cref="BerthException">Conflict when the name is taken.</exception>
    public void Add(NetworkDefinition network)
    {
        lock (_lock)
        {
            try
            {
                Execute("INSERT INTO networks(id, name, definition) VALUES ($id, $name, $definition)",
                    ("$id", network.Id), ("$name", network.Name), ("$definition", JsonSerializer.Serialize(network, NetworkJsonContext.Default.NetworkDefinition)));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw BerthException.Conflict($"network with name {network.Name} already exists");
            }
        }
    }

    /// <summary>Every network, oldest first.</summary>
    public IReadOnlyList<NetworkDefinition> List()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT definition FROM networks ORDER BY rowid");
            using var reader = cmd.ExecuteReader();
            var networks = new List<NetworkDefinition>();
            while (reader.Read()) networks.Add(JsonSerializer.Deserialize(reader.GetString(0), NetworkJsonContext.Default.NetworkDefinition)!);
            return networks;
        }
    }

    /// <summary>Removes the network and any endpoint rows left for it.</summary>
    public void Remove(string id)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            Execute("DELETE FROM endpoints WHERE network_id = $id", tx, ("$id", id));
            Execute("DELETE FROM networks WHERE id = $id", tx, ("$id", id));
            tx.Commit();
        }
    }

    /// <summary>Adds the endpoint, or replaces its settings and state.</summary>
    public void Put(NetworkEndpoint endpoint)
    {
        lock (_lock)
        {
            Execute("""
                INSERT INTO endpoints(container_id, network_id, config, state) VALUES ($c, $n, $config, $state)
                ON CONFLICT(container_id, network_id) DO UPDATE SET config = excluded.config, state = excluded.state
                """,
                ("$c", endpoint.ContainerId), ("$n", endpoint.NetworkId),
                ("$config", JsonSerializer.Serialize(endpoint.Config, NetworkJsonContext.Default.EndpointConfig)),
                ("$state", endpoint.State is null ? DBNull.Value : JsonSerializer.Serialize(endpoint.State, NetworkJsonContext.Default.EndpointState)));
        }
    }

    public void RemoveEndpoint(string containerId, string networkId)
    {
        lock (_lock) Execute("DELETE FROM endpoints WHERE container_id = $c AND network_id = $n", ("$c", containerId), ("$n", networkId));
    }

    public void RemoveEndpoints(string containerId)
    {
        lock (_lock) Execute("DELETE FROM endpoints WHERE container_id = $c", ("$c", containerId));
    }

    /// <summary>Every endpoint, in the order they were added (a container's first is its eth0).</summary>
    public IReadOnlyList<NetworkEndpoint> Endpoints()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT container_id, network_id, config, state FROM endpoints ORDER BY rowid");
            using var reader = cmd.ExecuteReader();
            var endpoints = new List<NetworkEndpoint>();
            while (reader.Read())
            {
                endpoints.Add(new NetworkEndpoint(
                    reader.GetString(0),
                    reader.GetString(1),
                    JsonSerializer.Deserialize(reader.GetString(2), NetworkJsonContext.Default.EndpointConfig)!,
                    reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), NetworkJsonContext.Default.EndpointState)));
            }
            return endpoints;
        }
    }

    public void Dispose() => _db.Dispose();

    private int Execute(string sql, params (string Name, object Value)[] parameters) => Execute(sql, null, parameters);

    private int Execute(string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        cmd.Transaction = tx;
        return cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }
}
