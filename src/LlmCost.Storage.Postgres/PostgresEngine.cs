using System.Data;
using System.Data.Common;
using LlmCost.Core.Storage.Sql;
using Npgsql;

namespace LlmCost.Storage.Postgres
{
    /// <summary>The PostgreSQL store's pooled connections for the engine-neutral repositories of the core.</summary>
    internal sealed class PostgresEngine : SqlEngine
    {
        private readonly NpgsqlDataSource _source;
        private readonly string _display;

        public PostgresEngine(NpgsqlDataSource source, string display)
        {
            _source = source;
            _display = display;
        }

        public override DbConnection Open() => OpenConnection();

        public NpgsqlConnection OpenConnection()
        {
            try
            {
                return _source.OpenConnection();
            }
            catch (System.Exception ex) when (PostgresErrors.Explain(ex, _display) is Core.StoreException clear)
            {
                throw clear;
            }
        }

        // READ COMMITTED: each statement sees the rows committed before it; uniqueness (request keys, alerts) is what
        // keeps concurrent writers from counting twice, not the isolation level.
        public override DbTransaction BeginWrite(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.ReadCommitted);

        // Two hosts replacing the same day's lines at once would both delete nothing and both insert: a lock on the
        // table's name, held to the end of the transaction, puts them one after the other.
        public override void SerializeWriters(DbConnection connection, DbTransaction transaction, string table)
        {
            using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@t))", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            cmd.Parameters.AddWithValue("t", "llmcost." + table);
            cmd.ExecuteNonQuery();
        }
    }
}
