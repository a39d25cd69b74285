using System.Data.Common;
using LlmCost.Core.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>The SQLite store's connections for the engine-neutral repositories of Storage/Sql.</summary>
    internal sealed class SqliteEngine : SqlEngine
    {
        private readonly SqliteCostStore _store;

        public SqliteEngine(SqliteCostStore store)
        {
            _store = store;
        }

        public override DbConnection Open() => _store.OpenConnection();

        // BEGIN IMMEDIATE: a deferred transaction that later writes can fail with "database is locked" mid-way.
        public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }
}
