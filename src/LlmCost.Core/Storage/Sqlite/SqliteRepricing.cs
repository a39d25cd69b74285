using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Re-pricing on SQLite: the rows of a scope in storage order, a batch at a time. Optimisation of the re-pricing
    /// path (docs/benchmarks.md, "Re-pricing"): writing, one thread reads and prices the next batch (in a short read
    /// transaction of its own connection) while this one writes the last. What was read is what is replaced as long as
    /// no other connection has committed since the run began, which each write transaction checks first
    /// (<c>PRAGMA data_version</c> of this connection changes only with other connections' commits); from the first
    /// such commit on, every row to change is read again and priced again under the write lock. The update trigger would move each
    /// row in all seven summaries with fourteen statements; here triggers are off for this connection, the changes are
    /// summed per hour, session, provider, model and tags, and written once per key like new rows; foreign keys are not
    /// checked (the one key written, price_ref_id, is a label <see cref="LabelIds"/> has just stored).
    /// </summary>
    internal static class SqliteRepricing
    {
        private const int BatchSize = 10_000;

        private const string Columns =
            "request_row, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, " +
            "output_tokens, reasoning_tokens, is_batch, service_tier, cost_nano, pricing_status, price_ref_id, COALESCE(session_id, ''), COALESCE(tags, '')";

        /// <summary>One row as read: what counting needs, its new price (null: left as it is) and, when it changes, its summary key.</summary>
        private struct Entry
        {
            public long Row;
            public string Provider;
            public string Model;
            public long? OldCost;
            public CostUpdate? Update;
            public long Hour;
            public string Session;
            public string Tags;
            public bool Gone;
        }

        /// <summary>A batch of entries; three of them go round between the reading and the writing thread.</summary>
        private sealed class Batch
        {
            public readonly Entry[] Entries = new Entry[BatchSize];
            public int Count;

            /// <summary>The summaries' changes if every row read is written as read: summed on the reading thread.</summary>
            public readonly SummaryChanges Moves = new SummaryChanges();

            /// <summary>Sums what the rows read move in the summaries (as <see cref="Apply"/> would, row by row).</summary>
            public void PlanMoves()
            {
                Moves.Clear();
                for (int i = 0; i < Count; i++)
                {
                    ref var e = ref Entries[i];
                    if (e.Update != null) AddMove(Moves, ref e);
                }

                Moves.Derive();
            }
        }

        /// <summary>Adds what one changed row moves in the summaries: its change of cost and of the unpriced count.</summary>
        private static void AddMove(SummaryChanges moves, ref Entry e)
        {
            var u = e.Update!;
            var sums = moves.For(e.Hour, e.Session, e.Provider, e.Model, e.Tags);
            sums.UnpricedRequests += (u.CostNano == null ? 1 : 0) - (e.OldCost == null ? 1 : 0);
            sums.CostNano = checked(sums.CostNano + (u.CostNano ?? 0) - (e.OldCost ?? 0));
        }

        public static void Run(SqliteCostStore store, CostQuery scope, Func<StoredPricing, CostUpdate?> price, Action<RepricedRow> counted, bool write, CancellationToken cancel)
        {
            TimeInput.CheckRange(scope.Since, scope.Until);
            using var conn = store.OpenConnection();
            if (!write)
            {
                // One snapshot for the whole preview: its totals belong to one moment.
                using var snapshot = conn.BeginTransaction(deferred: true);
                using var reader = new BatchReader(conn, scope);
                var batch = new Batch();
                do
                {
                    cancel.ThrowIfCancellationRequested();
                    reader.Fill(batch, price);
                    Count(batch, counted);
                }
                while (batch.Count == BatchSize);
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var free = new BlockingCollection<Batch> { new Batch(), new Batch(), new Batch() };
            var full = new BlockingCollection<Batch>(boundedCapacity: 2);
            Exception? readFailure = null;
            var readThread = new Thread(() =>
            {
                try
                {
                    using var readConn = store.OpenConnection();
                    using var reader = new BatchReader(readConn, scope);
                    Batch batch;
                    do
                    {
                        batch = free.Take(stop.Token);
                        using (var tx = readConn.BeginTransaction(deferred: true))
                        {
                            reader.Fill(batch, price);
                            tx.Commit();
                        }

                        batch.PlanMoves();

                        full.Add(batch, stop.Token);
                    }
                    while (batch.Count == BatchSize);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The writing thread stopped (failed or cancelled): it reports why.
                }
                catch (Exception ex)
                {
                    readFailure = ex;
                }
                finally
                {
                    full.CompleteAdding();
                }
            })
            { IsBackground = true, Name = "LlmCost re-pricing reader" };

            try
            {
                SqliteRequestWriter.SetForeignKeys(conn, false);
                SqliteRequestWriter.SetTriggers(conn, false);
                long version = DataVersion(conn); // before the first read
                readThread.Start();
                using var statements = new StatementCache(conn);
                var labels = new LabelIds(statements);
                var again = new RowReader(conn);

                bool verify = false;
                foreach (var batch in full.GetConsumingEnumerable(stop.Token))
                {
                    using (var tx = conn.BeginTransaction(deferred: false))
                    {
                        // Another connection committed since the run began: rows read before may have changed.
                        verify = verify || DataVersion(conn) != version;
                        Apply(statements, labels, again, batch, price, verify);
                        tx.Commit();
                    }

                    Count(batch, counted);
                    free.Add(batch);
                }

                if (readFailure != null) ExceptionDispatchInfo.Capture(readFailure).Throw();
                cancel.ThrowIfCancellationRequested();
            }
            finally
            {
                stop.Cancel();
                if (readThread.IsAlive) readThread.Join();
                // The connection goes back to the pool: triggers and foreign keys on again, whatever happened.
                SqliteRequestWriter.SetTriggers(conn, true);
                SqliteRequestWriter.SetForeignKeys(conn, true);
            }
        }

        private static void Count(Batch batch, Action<RepricedRow> counted)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                ref var e = ref batch.Entries[i];
                if (!e.Gone) counted(new RepricedRow(e.Provider, e.Model, e.OldCost, e.Update));
            }
        }

        /// <summary>Writes a batch's new prices inside the open write transaction and moves the summaries by the differences.</summary>
        private static void Apply(StatementCache statements, LabelIds labels, RowReader again, Batch batch, Func<StoredPricing, CostUpdate?> price, bool verify)
        {
            var update = statements.Get("UPDATE request_costs SET cost_nano = ?1, pricing_status = ?2, priced_model = ?3, price_ref_id = ?4 WHERE request_row = ?5");
            // The moves the reading thread planned hold only while the rows are as it read them.
            if (verify) batch.Moves.Clear();
            for (int i = 0; i < batch.Count; i++)
            {
                ref var e = ref batch.Entries[i];
                if (e.Update == null) continue;
                // Read again and priced again under the write lock, when another writer may have changed it.
                if (verify && (!again.Read(e.Row, price, ref e) || e.Update == null)) continue;
                var u = e.Update;
                update.Int(1, u.CostNano);
                update.Text(2, u.PricingStatus);
                update.Text(3, u.PricedModel);
                update.Int(4, labels.Id(u.PriceRef));
                update.Int(5, e.Row);
                update.Execute();

                if (verify) AddMove(batch.Moves, ref e);
            }

            batch.Moves.Write(statements);
        }

        /// <summary>This connection's data version: it changes when another connection commits.</summary>
        private static long DataVersion(SqliteConnection conn)
        {
            using var pragma = new RawStatement(conn, "PRAGMA data_version");
            return pragma.FirstInt64() ?? 0;
        }

        /// <summary>Fills a <see cref="StoredPricing"/> and an <see cref="Entry"/> from one row of a statement selecting <see cref="Columns"/>.</summary>
        private sealed class RowDecoder
        {
            private readonly LabelTexts _priceRefs;
            private readonly RepeatedText _provider = new RepeatedText(), _model = new RepeatedText(), _status = new RepeatedText(),
                _tier = new RepeatedText(), _session = new RepeatedText(), _tags = new RepeatedText();
            private readonly StoredPricing _row = new StoredPricing();

            public RowDecoder(SqliteConnection conn)
            {
                _priceRefs = new LabelTexts(conn);
            }

            /// <summary>Reads the row, prices it, and fills <paramref name="e"/>.</summary>
            public void Decode(RawStatement r, Func<StoredPricing, CostUpdate?> price, ref Entry e)
            {
                var row = _row;
                row.Row = r.ColumnInt64(0);
                long occurredAt = r.ColumnInt64(1);
                row.OccurredAtUtc = UnixMs.ToUtc(occurredAt);
                row.Provider = r.ColumnText(2, _provider);
                row.Model = r.ColumnText(3, _model);
                row.InputTokens = r.ColumnInt64(4);
                row.CacheReadTokens = r.ColumnInt64(5);
                row.CacheWrite5mTokens = r.ColumnInt64(6);
                row.CacheWrite1hTokens = r.ColumnInt64(7);
                row.OutputTokens = r.ColumnInt64(8);
                row.ReasoningTokens = r.ColumnInt64(9);
                row.IsBatch = r.ColumnInt64(10) != 0;
                row.ServiceTier = r.ColumnIsNull(11) ? null : r.ColumnText(11, _tier);
                row.CostNano = r.ColumnIsNull(12) ? (long?)null : r.ColumnInt64(12);
                row.PricingStatus = r.ColumnText(13, _status);
                row.PriceRef = r.ColumnIsNull(14) ? null : _priceRefs.Of(r.ColumnInt64(14));
                var update = price(row);
                e.Row = row.Row;
                e.Provider = row.Provider;
                e.Model = row.Model;
                e.OldCost = row.CostNano;
                e.Update = update;
                e.Gone = false;
                if (update == null) return;
                update.Row = row.Row;
                e.Hour = (occurredAt / SqliteRequestWriter.HourMs) * SqliteRequestWriter.HourMs;
                e.Session = r.ColumnText(15, _session);
                e.Tags = r.ColumnText(16, _tags);
            }
        }

        /// <summary>Reads the scope's rows after the last one it gave, in row order, <see cref="BatchSize"/> at a time.</summary>
        private sealed class BatchReader : IDisposable
        {
            private readonly SqliteCommand _select;
            private readonly RowDecoder _decoder;
            private long _after = long.MinValue;

            public BatchReader(SqliteConnection conn, CostQuery scope)
            {
                _decoder = new RowDecoder(conn);
                _select = conn.CreateCommand();
                _select.CommandText = "SELECT " + Columns + " FROM request_costs WHERE request_row > $after" + SqliteQueryFilters.RowFilters(scope, _select) +
                                      " ORDER BY request_row LIMIT " + BatchSize;
                _select.Parameters.AddWithValue("$after", 0L);
            }

            /// <summary>Reads and prices the next batch into <paramref name="batch"/>; fewer than <see cref="BatchSize"/> rows means the last.</summary>
            public void Fill(Batch batch, Func<StoredPricing, CostUpdate?> price)
            {
                _select.Parameters["$after"].Value = _after;
                batch.Count = 0;
                using var r = RawStatement.Of(_select);
                while (r.Read())
                {
                    _decoder.Decode(r, price, ref batch.Entries[batch.Count]);
                    _after = batch.Entries[batch.Count].Row;
                    batch.Count++;
                }
            }

            public void Dispose() => _select.Dispose();
        }

        /// <summary>Reads one row again by its id, on the writing connection.</summary>
        private sealed class RowReader
        {
            private readonly SqliteConnection _conn;
            private readonly RowDecoder _decoder;

            public RowReader(SqliteConnection conn)
            {
                _conn = conn;
                _decoder = new RowDecoder(conn);
            }

            /// <summary>Reads and prices the row again into <paramref name="e"/>; false (and marked gone) when it no longer exists.</summary>
            public bool Read(long row, Func<StoredPricing, CostUpdate?> price, ref Entry e)
            {
                using var one = new RawStatement(_conn, "SELECT " + Columns + " FROM request_costs WHERE request_row = ?1");
                one.Int(1, row);
                if (!one.Read())
                {
                    e.Gone = true;
                    return false;
                }

                _decoder.Decode(one, price, ref e);
                return true;
            }
        }
    }
}
