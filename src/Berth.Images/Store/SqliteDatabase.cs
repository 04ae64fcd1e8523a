using Microsoft.Data.Sqlite;

namespace Berth.Images.Store;

/// <summary>
/// A SQLite file as Berth's metadata stores keep theirs: one connection without pooling, WAL, and
/// synchronous=FULL so that a committed transaction survives a power cut. Not thread-safe: each store serializes
/// its calls under a lock of its own, which also makes its read-modify-write sequences atomic.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    /// <param name="schema">Statements that create the tables if missing; run once, at open.</param>
    public SqliteDatabase(string path, string schema)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n" + schema);
    }

    public SqliteTransaction BeginTransaction() => _connection.BeginTransaction();

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    public int Execute(string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>A statement with its parameters bound, to read from; the caller disposes it.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    public void Dispose() => _connection.Dispose();
}
