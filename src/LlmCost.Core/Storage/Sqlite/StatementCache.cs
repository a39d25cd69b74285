using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Prepared statements of one connection, by SQL text, finalized together. The writer takes its statements from
    /// here: for one batch (disposed after it), or for the store's recording connection, where they stay prepared
    /// between recordings (optimisation of the single-recording path, docs/benchmarks.md: preparing them was most of
    /// a recording's time).
    /// </summary>
    internal sealed class StatementCache : IDisposable
    {
        private readonly Dictionary<string, RawStatement> _statements = new Dictionary<string, RawStatement>(StringComparer.Ordinal);

        public StatementCache(SqliteConnection connection)
        {
            Connection = connection;
        }

        public SqliteConnection Connection { get; }

        /// <summary>The statement for <paramref name="sql"/>, prepared on first use.</summary>
        public RawStatement Get(string sql)
        {
            if (!_statements.TryGetValue(sql, out var statement))
            {
                statement = new RawStatement(Connection, sql);
                _statements[sql] = statement;
            }

            return statement;
        }

        public void Dispose()
        {
            foreach (var s in _statements.Values) s.Dispose();
            _statements.Clear();
        }
    }
}
