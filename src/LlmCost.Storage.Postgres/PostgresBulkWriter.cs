using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using LlmCost.Core;
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
    /// marks unwritten lines as read). Batches are written on a thread of their own while the next is read, as the
    /// SQLite bulk writer does; at most two wait, which bounds memory.
    /// </summary>
    internal sealed class PostgresBulkWriter : IBulkRequestWriter
    {
        private readonly PostgresCostStore _store;
        private readonly int _batchSize;
        private readonly BlockingCollection<Batch> _queue = new BlockingCollection<Batch>(boundedCapacity: 2);
        private readonly BatchResult _total = new BatchResult();
        private readonly Thread _writer;
        private Batch _current;
        private DuplicatePolicy _policy;
        private volatile Exception? _failure;
        private bool _completed;

        private sealed class Batch
        {
            public readonly List<PricedRequest> Records = new List<PricedRequest>();
            public readonly List<ImportFileState> States = new List<ImportFileState>();
            public DuplicatePolicy Policy;
        }

        private static readonly NpgsqlDbType[] ColumnTypes =
        {
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Double, NpgsqlDbType.Bigint,
            NpgsqlDbType.Bigint, NpgsqlDbType.Text,
        };

        public PostgresBulkWriter(PostgresCostStore store, DuplicatePolicy policy, int batchSize)
        {
            _store = store;
            _policy = policy;
            // COPY pays per batch, not per row: batches of at least 8,192 rows.
            _batchSize = Math.Max(8192, batchSize);
            _current = new Batch { Policy = policy };
            _writer = new Thread(WriteLoop) { IsBackground = true, Name = "LlmCost PostgreSQL bulk writer" };
            _writer.Start();
        }

        public DuplicatePolicy Policy
        {
            get => _policy;
            set
            {
                if (value == _policy) return;
                _policy = value;
                // The records added so far keep the policy they were added under.
                Submit();
            }
        }

        public void Add(PricedRequest request)
        {
            ThrowIfFailed();
            _current.Records.Add(request);
            if (_current.Records.Count >= _batchSize) Submit();
        }

        /// <summary>Stored in the transaction that writes the records added so far.</summary>
        public void MarkFileRead(ImportFileState state)
        {
            ThrowIfFailed();
            _current.States.Add(state);
        }

        public BatchResult Complete()
        {
            if (!_completed)
            {
                _completed = true;
                if (_failure == null && (_current.Records.Count > 0 || _current.States.Count > 0)) _queue.Add(_current);
                _queue.CompleteAdding();
                _writer.Join();
            }

            ThrowIfFailed();
            return _total;
        }

        /// <summary>Not completed: what was not written is dropped (nothing of it was committed).</summary>
        public void Dispose()
        {
            if (_completed) return;
            _completed = true;
            _queue.CompleteAdding();
            _writer.Join();
        }

        private void Submit()
        {
            if (_current.Records.Count == 0 && _current.States.Count == 0)
            {
                _current.Policy = _policy;
                return;
            }

            try
            {
                _queue.Add(_current); // blocks while two batches wait
            }
            catch (InvalidOperationException)
            {
                // The writer stopped adding after a failure: ThrowIfFailed reports it.
            }

            _current = new Batch { Policy = _policy };
            ThrowIfFailed();
        }

        private void ThrowIfFailed()
        {
            if (_failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
        }

        private void WriteLoop()
        {
            try
            {
                foreach (var batch in _queue.GetConsumingEnumerable())
                {
                    Write(batch);
                }
            }
            catch (Exception ex)
            {
                _failure = ex is LlmCostException ? ex : PostgresErrors.Explain(ex, _store.Path) ?? ex;
                _queue.CompleteAdding();
                foreach (var _ in _queue.GetConsumingEnumerable())
                {
                    // Drain, so a producer blocked on a full queue returns.
                }
            }
        }

        private void Write(Batch batch)
        {
            var written = PostgresErrors.RetryingConflicts(() =>
            {
                using var conn = _store.Engine.OpenConnection();
                using var tx = conn.BeginTransaction();
                var counts = batch.Records.Count > 0 ? Merge(conn, tx, batch) : (Added: 0L, Replaced: 0L, Unpriced: 0L);
                foreach (var state in batch.States) SqlImportFileStates.Write(conn, tx, state);
                tx.Commit();
                return counts;
            });
            // Counted once committed: a transaction run again after a deadlock is not counted twice.
            _total.Added += written.Added;
            _total.Replaced += written.Replaced;
            _total.Unpriced += written.Unpriced;
            _total.Duplicates += batch.Records.Count - written.Added - written.Replaced;
        }

        private static (long Added, long Replaced, long Unpriced) Merge(NpgsqlConnection conn, NpgsqlTransaction tx, Batch batch)
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
                foreach (var r in batch.Records)
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
            // the records one by one would. Optimisation (docs/benchmarks.md, "Team store"): rows go in ordered by
            // session and time, so the session index is updated page by page instead of at random (the merge of a
            // 20,000-row batch 480 -> 290 ms measured alone).
            bool replace = batch.Policy == DuplicatePolicy.Replace;
            string sql =
                "WITH picked AS (SELECT DISTINCT ON (request_key) * FROM llmcost_staging ORDER BY request_key, seq" + (replace ? " DESC" : "") + "), " +
                "merged AS (INSERT INTO request_costs (" + PostgresRequestWriter.Columns + ") SELECT " + PostgresRequestWriter.Columns + " FROM picked ORDER BY session_id, occurred_at " +
                "ON CONFLICT (request_key) DO " + (replace ? "UPDATE SET " + PostgresRequestWriter.Update + " WHERE " + PostgresRequestWriter.Differs : "NOTHING") +
                " RETURNING (xmax = 0) AS added, cost_nano) " +
                "SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added), count(*) FILTER (WHERE cost_nano IS NULL) FROM merged";
            using var merge = new NpgsqlCommand(sql, conn, tx);
            using var r2 = merge.ExecuteReader();
            r2.Read();
            return (r2.GetInt64(0), r2.GetInt64(1), r2.GetInt64(2));
        }
    }
}
