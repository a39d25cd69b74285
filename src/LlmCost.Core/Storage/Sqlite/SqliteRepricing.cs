using System;
using System.Collections.Generic;
using System.Threading;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Re-pricing on SQLite: the rows of a scope in storage order, a batch at a time. Writing, each batch is read and
    /// written in one write transaction, so the cost replaced is the cost read (no second read per row) and the
    /// summaries move by exactly the difference. Optimisation of the re-pricing path (docs/benchmarks.md,
    /// "Re-pricing"): the update trigger would move each row in all seven summaries with fourteen statements; here
    /// triggers are off for this connection, the changes are summed per hour, session, provider, model and tags, and
    /// written once per key like new rows; foreign keys are not checked (the one key written, price_ref_id, is a label
    /// <see cref="LabelIds"/> has just stored).
    /// </summary>
    internal static class SqliteRepricing
    {
        private const int BatchSize = 20_000;

        /// <summary>One changed row of a batch: its new price, the cost it had, and the summary key it counts under.</summary>
        private readonly struct Change
        {
            public Change(CostUpdate update, long? oldCost, (long, string, string, string, string) key)
            {
                Update = update;
                OldCost = oldCost;
                Key = key;
            }

            public CostUpdate Update { get; }
            public long? OldCost { get; }
            public (long Hour, string Session, string Provider, string Model, string Tags) Key { get; }
        }

        public static void Run(SqliteConnection conn, CostQuery scope, Func<StoredPricing, CostUpdate?> reprice, bool write, CancellationToken cancel)
        {
            TimeInput.CheckRange(scope.Since, scope.Until);
            if (!write)
            {
                // One snapshot for the whole preview: its totals belong to one moment.
                using var snapshot = conn.BeginTransaction(deferred: true);
                using var reader = new BatchReader(conn, scope);
                while (reader.Next(reprice, null, cancel) == BatchSize) { }
                return;
            }

            SqliteRequestWriter.SetForeignKeys(conn, false);
            SqliteRequestWriter.SetTriggers(conn, false);
            try
            {
                using var statements = new StatementCache(conn);
                var labels = new LabelIds(statements);
                var changes = new List<Change>(BatchSize);
                using var reader = new BatchReader(conn, scope);
                int read;
                do
                {
                    using var tx = conn.BeginTransaction(deferred: false);
                    read = reader.Next(reprice, changes, cancel);
                    Apply(statements, labels, changes);
                    tx.Commit();
                    changes.Clear();
                }
                while (read == BatchSize);
            }
            finally
            {
                // The connection goes back to the pool: triggers and foreign keys on again, whatever happened.
                SqliteRequestWriter.SetTriggers(conn, true);
                SqliteRequestWriter.SetForeignKeys(conn, true);
            }
        }

        private static void Apply(StatementCache statements, LabelIds labels, List<Change> changes)
        {
            if (changes.Count == 0) return;
            var update = statements.Get("UPDATE request_costs SET cost_nano = ?1, pricing_status = ?2, priced_model = ?3, price_ref_id = ?4 WHERE request_row = ?5");
            var moved = new Dictionary<(long, string, string, string, string), CostTotals>();
            foreach (var c in changes)
            {
                var u = c.Update;
                update.Int(1, u.CostNano);
                update.Text(2, u.PricingStatus);
                update.Text(3, u.PricedModel);
                update.Int(4, labels.Id(u.PriceRef));
                update.Int(5, u.Row);
                update.Execute();
                SqliteRequestWriter.AddTo(moved, c.Key, new CostTotals
                {
                    UnpricedRequests = (u.CostNano == null ? 1 : 0) - (c.OldCost == null ? 1 : 0),
                    CostNano = checked((u.CostNano ?? 0) - (c.OldCost ?? 0)),
                });
            }

            SqliteRequestWriter.WriteRollups(statements, moved);
        }

        /// <summary>Reads the scope's rows after the last one it gave, in row order, <see cref="BatchSize"/> at a time.</summary>
        private sealed class BatchReader : IDisposable
        {
            private readonly SqliteConnection _conn;
            private readonly SqliteCommand _select;
            private readonly Dictionary<long, string> _priceRefs = new Dictionary<long, string>();
            private readonly StoredPricing _row = new StoredPricing();
            private readonly RepeatedText _provider = new RepeatedText(), _model = new RepeatedText(), _status = new RepeatedText(),
                _tier = new RepeatedText(), _session = new RepeatedText(), _tags = new RepeatedText();
            private long _after = long.MinValue;

            public BatchReader(SqliteConnection conn, CostQuery scope)
            {
                _conn = conn;
                _select = conn.CreateCommand();
                string filters = SqliteQueryFilters.Filters(scope, _select);
                long? since = scope.Since.HasValue ? UnixMs.From(scope.Since.Value) : (long?)null;
                long? until = scope.Until.HasValue ? UnixMs.From(scope.Until.Value) : (long?)null;
                _select.CommandText =
                    "SELECT request_row, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_5m_tokens, " +
                    "cache_write_1h_tokens, output_tokens, reasoning_tokens, is_batch, service_tier, cost_nano, pricing_status, price_ref_id, " +
                    "COALESCE(session_id, ''), COALESCE(tags, '') FROM request_costs WHERE request_row > $after" + filters +
                    SqliteQueryFilters.RangeSql("occurred_at", since, until, _select, "r") + " ORDER BY request_row LIMIT " + BatchSize;
                _select.Parameters.AddWithValue("$after", 0L);
            }

            /// <summary>Hands the next batch's rows to <paramref name="reprice"/>; collects what changed into <paramref name="changes"/> (when given). Returns the rows read.</summary>
            public int Next(Func<StoredPricing, CostUpdate?> reprice, List<Change>? changes, CancellationToken cancel)
            {
                cancel.ThrowIfCancellationRequested();
                LoadPriceRefs();
                _select.Parameters["$after"].Value = _after;
                int read = 0;
                using var r = RawStatement.Of(_select);
                var row = _row;
                while (r.Read())
                {
                    read++;
                    row.Row = _after = r.ColumnInt64(0);
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
                    row.PriceRef = r.ColumnIsNull(14) ? null : PriceRef(r.ColumnInt64(14));
                    var update = reprice(row);
                    if (update == null || changes == null) continue;
                    update.Row = row.Row;
                    long hour = (occurredAt / SqliteRequestWriter.HourMs) * SqliteRequestWriter.HourMs;
                    changes.Add(new Change(update, row.CostNano, (hour, r.ColumnText(15, _session), row.Provider, row.Model, r.ColumnText(16, _tags))));
                }

                return read;
            }

            /// <summary>The price references (labels) by id: read once, and again only for an id added since.</summary>
            private void LoadPriceRefs()
            {
                if (_priceRefs.Count > 0) return;
                using var all = new RawStatement(_conn, "SELECT label_id, label FROM labels");
                while (all.Read()) _priceRefs[all.ColumnInt64(0)] = all.ColumnText(1);
            }

            private string? PriceRef(long id)
            {
                if (_priceRefs.TryGetValue(id, out var label)) return label;
                using var one = new RawStatement(_conn, "SELECT label FROM labels WHERE label_id = ?1");
                one.Int(1, id);
                label = one.FirstText();
                if (label != null) _priceRefs[id] = label;
                return label;
            }

            public void Dispose() => _select.Dispose();
        }
    }
}
