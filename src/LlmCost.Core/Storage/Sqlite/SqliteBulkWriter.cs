using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using LlmCost.Core.Pricing;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// SQLite bulk-write tuning: priced requests from one producer (priced on its thread, so a bad record fails where
    /// it was read) are written on a background thread in transactions of <c>batchSize</c> rows, so that reading and
    /// writing use both cores. At most two batches wait in the queue, which bounds memory. A file's import state
    /// (<see cref="MarkFileRead"/>) is written in the transaction that writes the records added before it.
    /// </summary>
    internal sealed class SqliteBulkWriter : IBulkRequestWriter
    {
        // Optimisation (docs/benchmarks.md, session of 2026-12-03, seventh): the first transaction holds 10,000 rows and each next
        // one twice as many, up to 100,000. The checkpointer copies each committed one back while reading goes on, so
        // what is left to write and sync when the last line is read is at most the last transaction: the 100k-line
        // import 503 -> 468 ms, the 1M-line ones unchanged. A fixed 10,000 made the 1M-line import 7 % slower (more
        // commits rewriting the same index pages); growing to 100,000 keeps it to a few more commits.
        private const long FirstRowsPerTransaction = 10_000;
        private const long MaxRowsPerTransaction = 100_000;
        private const int IdleCommitMs = 200;

        // Optimisation (docs/benchmarks.md, "Smaller batches in flight"): at most 1,024 records a hand-over. Transactions
        // still hold up to MaxRowsPerTransaction rows, so this changes how much is alive at once, not how often SQLite
        // commits: a 1M-line import peaked at 85-87 MB instead of 93-130 MB, in the same time. The CLI's GC sizes its
        // young generation from the live heap, so fewer records in flight make it smaller as well.
        private const int MaxBatch = 1024;
        private readonly SqliteCostStore _store;
        private DuplicatePolicy _policy;
        private readonly int _batchSize;
        private readonly BlockingCollection<Batch> _queue = new BlockingCollection<Batch>(boundedCapacity: 2);
        private readonly BatchResult _total = new BatchResult();
        private readonly Thread _writer;
        private Batch _current;
        private volatile Exception? _failure;
        private bool _completed;

        private sealed class Batch
        {
            public readonly List<PricedRequest> Records;
            public readonly DuplicatePolicy Policy;
            public Action<SqliteConnection, SqliteTransaction>? After;

            public Batch(int capacity, DuplicatePolicy policy)
            {
                Records = new List<PricedRequest>(capacity);
                Policy = policy;
            }
        }

        internal SqliteBulkWriter(SqliteCostStore store, DuplicatePolicy policy, int batchSize)
        {
            _store = store;
            _policy = policy;
            _batchSize = Math.Max(1, Math.Min(batchSize, MaxBatch));
            _current = NewBatch();
            _writer = new Thread(WriteLoop) { IsBackground = true, Name = "LlmCost bulk writer" };
            _writer.Start();
        }

        /// <summary>What happens to a record whose request key is already stored; applies to the records added after it is set.</summary>
        public DuplicatePolicy Policy
        {
            get => _policy;
            set
            {
                if (value == _policy) return;
                _policy = value;
                // A batch keeps the policy it was started with: the pending one is sent as it is.
                if (_current.Records.Count > 0 || _current.After != null) Submit();
                else _current = NewBatch();
            }
        }

        /// <summary>Queues a priced request; blocks while the writer is two batches behind.</summary>
        [MethodImpl(JitHints.Hot)]
        public void Add(PricedRequest request)
        {
            ThrowIfFailed();
            // The key's hash is computed here, on the producer's thread, so the writer thread only writes.
            request.StorageHash = SqliteRequestHash.Of(request.RequestKey);
            _current.Records.Add(request);
            if (_current.Records.Count >= _batchSize) Submit();
        }

        /// <summary>Stores how far a file was read in the transaction that writes the records added so far: a crash never marks unwritten lines as read.</summary>
        public void MarkFileRead(ImportFileState state)
        {
            AddWork((conn, tx) => Sql.SqlImportFileStates.Write(conn, tx, state));
        }

        /// <summary>
        /// Runs <paramref name="work"/> in the transaction that writes the records added so far (after them, with the
        /// batch they are in). The batch is not cut short for it: a batch per file made an import of 5,000 small session
        /// files write 5,000 small batches (issue 17, per-file cost).
        /// </summary>
        internal void AddWork(Action<SqliteConnection, SqliteTransaction> work)
        {
            ThrowIfFailed();
            _current.After += work;
        }

        /// <summary>Writes what is left, waits for the writer and returns the totals; rethrows a write failure.</summary>
        public BatchResult Complete()
        {
            if (!_completed)
            {
                _completed = true;
                if (_failure == null && (_current.Records.Count > 0 || _current.After != null)) _queue.Add(_current);
                _queue.CompleteAdding();
                _writer.Join();
            }

            ThrowIfFailed();
            return _total;
        }

        private Batch NewBatch() => new Batch(Math.Min(_batchSize, 1 << 16), _policy);

        private void Submit()
        {
            var full = _current;
            _current = NewBatch();
            _queue.Add(full);
        }

        private static void Commit(ref SqliteTransaction? tx)
        {
            if (tx == null) return;
            tx.Commit();
            tx.Dispose();
            tx = null;
        }

        private void ThrowIfFailed()
        {
            var failure = _failure;
            if (failure == null) return;
            if (failure is SqliteException sqlite && SqliteErrors.Explain(sqlite, _store.Path) is StoreException clear) throw clear; // read-only, full, damaged
            throw new StoreException("BulkWriteFailed", "Writing to the LlmCost database failed: " + failure.Message, failure);
        }

        private void WriteLoop()
        {
            SqliteConnection? conn = null;
            StatementCache? statements = null;
            SqliteTransaction? tx = null;
            Checkpointer? checkpointer = null;
            try
            {
                conn = _store.OpenConnection();
                using (var cmd = conn.CreateCommand())
                {
                    // For the duration of the bulk write: a larger page cache (allocated as pages are used), checkpoints
                    // on the Checkpointer's thread instead of inside this thread's commits, and no per-row foreign key
                    // lookup: WriteRows stores a batch's sessions before its rows, in the same write transaction.
                    cmd.CommandText = "PRAGMA cache_size=-8192; PRAGMA foreign_keys=OFF; PRAGMA wal_autocheckpoint=0;";
                    cmd.ExecuteNonQuery();
                }

                checkpointer = new Checkpointer(_store);
                statements = new StatementCache(conn); // prepared once for the whole import
                var rollup = new SummaryChanges();

                // Batches share a transaction until it holds rowsPerTransaction rows or the producer pauses for
                // IdleCommitMs: fewer commits, and each index page touched by random request keys is written to the
                // WAL once per transaction rather than once per batch.
                long rowsInTransaction = 0;
                long rowsPerTransaction = FirstRowsPerTransaction;
                void EndTransaction()
                {
                    Commit(ref tx);
                    checkpointer!.Request();
                    rowsInTransaction = 0;
                    rowsPerTransaction = Math.Min(rowsPerTransaction * 2, MaxRowsPerTransaction);
                }

                while (true)
                {
                    if (!_queue.TryTake(out var batch, tx == null ? Timeout.Infinite : IdleCommitMs))
                    {
                        if (_queue.IsCompleted) break;
                        EndTransaction();
                        continue;
                    }

                    tx ??= conn.BeginTransaction(deferred: false);
                    SqliteRequestWriter.WriteRows(statements, tx, batch.Records, batch.Policy, _total, rollup);
                    batch.After?.Invoke(conn, tx);
                    rowsInTransaction += batch.Records.Count;
                    if (rowsInTransaction >= rowsPerTransaction) EndTransaction();
                }

                Commit(ref tx);
            }
            catch (Exception ex)
            {
                _failure = ex;
                try
                {
                    tx?.Dispose(); // rolls back: nothing of the failed transaction stays
                }
                catch (SqliteException)
                {
                }

                tx = null;
                foreach (var _ in _queue.GetConsumingEnumerable())
                {
                }
            }
            finally
            {
                checkpointer?.Dispose();
                statements?.Dispose(); // finalized before the connection goes back to the pool
                if (conn != null)
                {
                    using (var cmd = conn.CreateCommand())
                    {
                        try
                        {
                            cmd.CommandText = "PRAGMA cache_size=-2000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=1000; PRAGMA wal_checkpoint(PASSIVE);";
                            cmd.ExecuteNonQuery();
                        }
                        catch (SqliteException)
                        {
                        }
                    }

                    conn.Dispose();
                }
            }
        }

        public void Dispose()
        {
            if (_completed) return;
            _completed = true;
            _queue.CompleteAdding();
            _writer.Join();
        }
    }
}
