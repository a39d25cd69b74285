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

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// PostgreSQL bulk-write path (issue 16, fast writes): requests are collected in batches; each batch goes through a
    /// binary COPY into a temporary staging table and one set-based INSERT ... SELECT ... ON CONFLICT into
    /// request_costs. Batches are written on threads of their own while the next is read, as the SQLite bulk writer
    /// does; at most two wait, which bounds memory.
    /// Optimisation (docs/benchmarks.md, "Team store"): each batch is merged on two connections at once, each taking the
    /// requests whose key falls in its half (a key always goes to the same connection, so a later copy of a request
    /// still comes after the earlier one): the server's work per row (four indexes, the summaries) was the limit, and
    /// one connection keeps one server process busy. The import state of the files a batch finishes is stored once
    /// both halves are committed, in a transaction of its own, so a crash never marks unwritten lines as read.
    /// Optimisation (docs/benchmarks.md, "Team store", session of 2026-12-04): a lane whose last batch held no known key
    /// sends the next one straight into request_costs with COPY, and falls back to the merge only when that fails on a
    /// key already stored (or twice in the batch): a first import's rows skip the staging table, its two sorts and the
    /// conflict probe, a third of the server's work per row.
    /// </summary>
    internal sealed class PostgresBulkWriter : IBulkRequestWriter
    {
        private const int Lanes = 2;
        private readonly PostgresCostStore _store;
        private readonly int _batchSize;
        private readonly BlockingCollection<Batch>[] _queues = new BlockingCollection<Batch>[Lanes];
        private readonly Thread[] _writers = new Thread[Lanes];
        /// <summary>Each lane's connection, kept for the whole import: its staging table stays (a pooled connection returned between batches dropped it).</summary>
        private readonly NpgsqlConnection?[] _connections = new NpgsqlConnection?[Lanes];
        /// <summary>Whether each lane tries the plain COPY first: its last batch stored every row it sent as new.</summary>
        private readonly bool[] _copyFirst = new bool[Lanes];
        private readonly BatchResult _total = new BatchResult();
        private Batch _current;
        private DuplicatePolicy _policy;
        private volatile Exception? _failure;
        private bool _completed;
        private bool _enqueuedAny;

        private sealed class Batch
        {
            /// <summary>The batch's requests, by lane, in COPY's binary format.</summary>
            public readonly PostgresCopyRows[] Rows = new PostgresCopyRows[Lanes];
            /// <summary>When the batch was started: its rows' recorded_at.</summary>
            public readonly long Started = UnixMs.From(DateTime.UtcNow);
            public DuplicatePolicy Policy;
            /// <summary>The lanes the batch goes to: all of them, or the first alone (<see cref="TakeAlone"/>).</summary>
            public int LaneCount = Lanes;
            /// <summary>The lanes that have not yet committed their part.</summary>
            public int Pending = Lanes;
            public readonly List<ImportFileState> States = new List<ImportFileState>();

            public Batch(DuplicatePolicy policy)
            {
                Policy = policy;
                for (int lane = 0; lane < Lanes; lane++) Rows[lane] = new PostgresCopyRows();
            }

            public int Count
            {
                get
                {
                    int count = 0;
                    foreach (var rows in Rows) count += rows.Count;
                    return count;
                }
            }

            /// <summary>
            /// The whole batch to the first lane, its states in the same transaction as its requests: each key's copies
            /// keep their order, since a key was in one lane.
            /// </summary>
            public void TakeAlone()
            {
                for (int lane = 1; lane < Lanes; lane++)
                {
                    Rows[0].AddRange(Rows[lane]);
                    Rows[lane].Dispose();
                }

                LaneCount = Pending = 1;
            }
        }

        public PostgresBulkWriter(PostgresCostStore store, DuplicatePolicy policy, int batchSize)
        {
            _store = store;
            _policy = policy;
            // COPY pays per batch, not per row: batches of at least 8,192 rows.
            _batchSize = Math.Max(8192, batchSize);
            _current = new Batch(policy);
            for (int lane = 0; lane < Lanes; lane++)
            {
                _copyFirst[lane] = true;
                _queues[lane] = new BlockingCollection<Batch>(boundedCapacity: 2);
                int mine = lane;
                _writers[lane] = new Thread(() => WriteLoop(mine)) { IsBackground = true, Name = "LlmCost PostgreSQL bulk writer " + lane };
                _writers[lane].Start();
            }
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
            // A key always goes to the same lane (string hashes are stable within a process).
            _current.Rows[(request.RequestKey.GetHashCode() & int.MaxValue) % Lanes].Add(request, _current.Started);
            if (_current.Count >= _batchSize) Submit();
        }

        /// <summary>Stored once the records added so far are committed.</summary>
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
                if (_failure == null && (_current.Count > 0 || _current.States.Count > 0))
                {
                    // A small import (one batch): no later batch can overtake it, so one connection takes it all (a
                    // second connection and transaction cost a 20-line import 27 ms).
                    if (!_enqueuedAny) _current.TakeAlone();
                    Enqueue(_current);
                }

                Stop();
            }

            ThrowIfFailed();
            return _total;
        }

        /// <summary>Not completed: what was not written is dropped (its files' states were not stored).</summary>
        public void Dispose()
        {
            if (_completed) return;
            _completed = true;
            Stop();
        }

        private void Stop()
        {
            foreach (var queue in _queues) queue.CompleteAdding();
            foreach (var writer in _writers) writer.Join();
            for (int lane = 0; lane < Lanes; lane++) _connections[lane]?.Dispose();
        }

        /// <summary>The lane's connection, with its staging table, emptied at every commit.</summary>
        private NpgsqlConnection Connection(int lane)
        {
            var conn = _connections[lane];
            if (conn != null) return conn;
            conn = _store.Engine.OpenConnection();
            using (var create = new NpgsqlCommand(
                "CREATE TEMP TABLE llmcost_staging ON COMMIT DELETE ROWS AS SELECT " + PostgresRequestWriter.Columns + " FROM request_costs WITH NO DATA; " +
                // The rows' order in the batch, numbered as COPY reads them: it picks which copy of a key is kept.
                "ALTER TABLE llmcost_staging ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY", conn))
            {
                create.ExecuteNonQuery();
            }

            return _connections[lane] = conn;
        }

        private void Submit()
        {
            if (_current.Count == 0 && _current.States.Count == 0)
            {
                _current.Policy = _policy;
                return;
            }

            Enqueue(_current);
            _enqueuedAny = true;
            _current = new Batch(_policy);
            ThrowIfFailed();
        }

        private void Enqueue(Batch batch)
        {
            try
            {
                // Blocks while two batches wait for a lane.
                for (int lane = 0; lane < batch.LaneCount; lane++) _queues[lane].Add(batch);
            }
            catch (InvalidOperationException)
            {
                // A lane stopped adding after a failure: ThrowIfFailed reports it.
            }
        }

        private void ThrowIfFailed()
        {
            if (_failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
        }

        private void WriteLoop(int lane)
        {
            try
            {
                foreach (var batch in _queues[lane].GetConsumingEnumerable())
                {
                    Write(batch, lane);
                }
            }
            catch (Exception ex)
            {
                _failure ??= ex is LlmCostException ? ex : PostgresErrors.Explain(ex, _store.Path) ?? ex;
                foreach (var queue in _queues) queue.CompleteAdding();
                foreach (var _ in _queues[lane].GetConsumingEnumerable())
                {
                    // Drain, so a producer blocked on a full queue returns.
                }
            }
        }

        private void Write(Batch batch, int lane)
        {
            using var mine = batch.Rows[lane];
            bool statesStored = false;
            if (mine.Count > 0)
            {
                var written = PostgresErrors.RetryingConflicts(() =>
                {
                    var conn = Connection(lane);
                    if (_copyFirst[lane])
                    {
                        using var plain = conn.BeginTransaction();
                        if (CopyAllNew(conn, mine))
                        {
                            statesStored = batch.LaneCount == 1;
                            if (statesStored) WriteStates(plain, batch.States);
                            plain.Commit();
                            return (Added: (long)mine.Count, Replaced: 0L, Unpriced: (long)mine.Unpriced);
                        }

                        plain.Rollback();
                    }

                    using var tx = conn.BeginTransaction();
                    var counts = Merge(conn, tx, mine, batch.Policy);
                    // A batch on one lane stores its states with its requests.
                    statesStored = batch.LaneCount == 1;
                    if (statesStored) WriteStates(tx, batch.States);
                    tx.Commit();
                    // Back to the plain COPY once a batch held no key already stored.
                    _copyFirst[lane] = counts.Added == mine.Count;
                    return counts;
                });
                // Counted once committed: a transaction run again after a deadlock is not counted twice.
                lock (_total)
                {
                    _total.Added += written.Added;
                    _total.Replaced += written.Replaced;
                    _total.Unpriced += written.Unpriced;
                    _total.Duplicates += mine.Count - written.Added - written.Replaced;
                }
            }

            // Otherwise the last lane to commit its part stores the states: lanes take batches in order, so states are
            // stored in batch order too.
            if (Interlocked.Decrement(ref batch.Pending) != 0 || batch.States.Count == 0 || statesStored) return;
            PostgresErrors.RetryingConflicts(() =>
            {
                using var tx = Connection(lane).BeginTransaction();
                WriteStates(tx, batch.States);
                tx.Commit();
            });
        }

        private static void WriteStates(NpgsqlTransaction tx, List<ImportFileState> states)
        {
            foreach (var state in states) SqlImportFileStates.Write(tx.Connection!, tx, state);
        }

        /// <summary>
        /// The rows copied straight into request_costs; false, with the transaction to roll back, when a key was already
        /// stored or came twice (a unique violation: the merge decides which copy stays).
        /// </summary>
        private static bool CopyAllNew(NpgsqlConnection conn, PostgresCopyRows rows)
        {
            try
            {
                using (var copy = conn.BeginRawBinaryCopy("COPY request_costs (" + PostgresRequestWriter.Columns + ") FROM STDIN (FORMAT BINARY)"))
                {
                    rows.WriteTo(copy, inRowOrder: true);
                }

                return true;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return false;
            }
        }

        private static (long Added, long Replaced, long Unpriced) Merge(NpgsqlConnection conn, NpgsqlTransaction tx, PostgresCopyRows rows, DuplicatePolicy policy)
        {
            using (var copy = conn.BeginRawBinaryCopy("COPY llmcost_staging (" + PostgresRequestWriter.Columns + ") FROM STDIN (FORMAT BINARY)"))
            {
                rows.WriteTo(copy);
            }

            // A key read twice in one batch: the first copy is kept when skipping, the last when replacing, as writing
            // the records one by one would. Rows go in in the order the plain COPY sends them (PostgresCopyRows.RowOrder):
            // by session and time, so the session index is updated page by page (the merge of a 20,000-row batch 480 ->
            // 290 ms measured alone), and in one order for all writers, so concurrent imports do not deadlock.
            bool replace = policy == DuplicatePolicy.Replace;
            string sql =
                "WITH picked AS (SELECT DISTINCT ON (request_key) * FROM llmcost_staging ORDER BY request_key, seq" + (replace ? " DESC" : "") + "), " +
                "merged AS (INSERT INTO request_costs (" + PostgresRequestWriter.Columns + ") SELECT " + PostgresRequestWriter.Columns + " FROM picked ORDER BY " + PostgresCopyRows.RowOrder + " " +
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
