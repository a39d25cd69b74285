using System;
using System.Collections.Generic;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sql;
using LlmCost.Core.Time;
using Npgsql;
using NpgsqlTypes;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// PostgreSQL bulk-write path (issue 16, fast writes): requests are collected in batches; each batch goes through a
    /// binary COPY into a temporary staging table and one set-based INSERT ... SELECT ... ON CONFLICT into
    /// request_costs, in the transaction that also stores the import state of the files read so far (a crash never
    /// marks unwritten lines as read).
    /// </summary>
    internal sealed class PostgresBulkWriter : IBulkRequestWriter
    {
        private readonly PostgresCostStore _store;
        private readonly int _batchSize;
        private readonly List<PricedRequest> _records = new List<PricedRequest>();
        private readonly List<ImportFileState> _states = new List<ImportFileState>();
        private readonly BatchResult _total = new BatchResult();
        private DuplicatePolicy _policy;
        private bool _completed;

        private static readonly NpgsqlDbType[] ColumnTypes =
        {
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Double, NpgsqlDbType.Bigint,
            NpgsqlDbType.Bigint,
        };

        public PostgresBulkWriter(PostgresCostStore store, DuplicatePolicy policy, int batchSize)
        {
            _store = store;
            _policy = policy;
            // COPY pays per batch, not per row: batches of at least 20,000 rows (a few MB of memory).
            _batchSize = Math.Max(20_000, batchSize);
        }

        public DuplicatePolicy Policy
        {
            get => _policy;
            set
            {
                if (value == _policy) return;
                Flush(); // the records added so far keep the policy they were added under
                _policy = value;
            }
        }

        public void Add(PricedRequest request)
        {
            _records.Add(request);
            if (_records.Count >= _batchSize) Flush();
        }

        public void MarkFileRead(ImportFileState state) => _states.Add(state);

        public BatchResult Complete()
        {
            if (!_completed)
            {
                Flush();
                _completed = true;
            }

            return _total;
        }

        /// <summary>Not completed: what was not flushed is dropped (nothing of it was written).</summary>
        public void Dispose() => _completed = true;

        private void Flush()
        {
            if (_records.Count == 0 && _states.Count == 0) return;
            PostgresErrors.Guard(_store.Path, () =>
            {
                using var conn = _store.Engine.OpenConnection();
                using var tx = conn.BeginTransaction();
                if (_records.Count > 0) Merge(conn, tx);
                foreach (var state in _states) SqlImportFileStates.Write(conn, tx, state);
                tx.Commit();
            });
            _records.Clear();
            _states.Clear();
        }

        private void Merge(NpgsqlConnection conn, NpgsqlTransaction tx)
        {
            using (var create = new NpgsqlCommand(
                "CREATE TEMP TABLE IF NOT EXISTS llmcost_staging AS SELECT 0::bigint AS seq, " + PostgresRequestWriter.Columns + " FROM request_costs WITH NO DATA", conn, tx))
            {
                create.ExecuteNonQuery();
            }

            using (var clear = new NpgsqlCommand("TRUNCATE llmcost_staging", conn, tx)) clear.ExecuteNonQuery();
            long now = UnixMs.From(DateTime.UtcNow);
            using (var copy = conn.BeginBinaryImport("COPY llmcost_staging (seq, " + PostgresRequestWriter.Columns + ") FROM STDIN (FORMAT BINARY)"))
            {
                long seq = 0;
                foreach (var r in _records)
                {
                    copy.StartRow();
                    copy.Write(seq++, NpgsqlDbType.Bigint);
                    var row = PostgresRequestWriter.Row(r, now);
                    for (int i = 0; i < row.Length; i++)
                    {
                        if (row[i] == null) copy.WriteNull();
                        else copy.Write(row[i]!, ColumnTypes[i]);
                    }
                }

                copy.Complete();
            }

            // A key read twice in one batch: the first copy is kept when skipping, the last when replacing, as writing
            // the records one by one would. Rows go in in the order they were read.
            bool replace = _policy == DuplicatePolicy.Replace;
            string sql =
                "WITH picked AS (SELECT DISTINCT ON (request_key) * FROM llmcost_staging ORDER BY request_key, seq" + (replace ? " DESC" : "") + "), " +
                "merged AS (INSERT INTO request_costs (" + PostgresRequestWriter.Columns + ") SELECT " + PostgresRequestWriter.Columns + " FROM picked ORDER BY seq " +
                "ON CONFLICT (request_key) DO " + (replace ? "UPDATE SET " + PostgresRequestWriter.Update + " WHERE " + PostgresRequestWriter.Differs : "NOTHING") +
                " RETURNING (xmax = 0) AS added, cost_nano) " +
                "SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added), count(*) FILTER (WHERE cost_nano IS NULL) FROM merged";
            using var merge = new NpgsqlCommand(sql, conn, tx);
            using var r2 = merge.ExecuteReader();
            r2.Read();
            long added = r2.GetInt64(0), replaced = r2.GetInt64(1), unpriced = r2.GetInt64(2);
            _total.Added += added;
            _total.Replaced += replaced;
            _total.Unpriced += unpriced;
            _total.Duplicates += _records.Count - added - replaced;
        }
    }
}
