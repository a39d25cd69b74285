using System;
using System.Collections.Generic;
using System.Threading;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;
using Npgsql;
using NpgsqlTypes;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// Re-pricing on PostgreSQL: the rows of a scope in row order, a batch at a time, each read with its version
    /// (<c>xmin</c>, the transaction that last wrote it). A batch's new prices are written by one statement that changes
    /// a row only while it still has the version read; the rows another host changed meanwhile are read again under a
    /// row lock and priced again. The summaries move with the rows through the statement triggers, so they stay exact.
    /// </summary>
    internal static class PostgresRepricing
    {
        private const int BatchSize = 10_000;

        private const string Columns =
            "request_row, xmin::text, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_5m_tokens, " +
            "cache_write_1h_tokens, output_tokens, reasoning_tokens, is_batch, service_tier, cost_nano, pricing_status, price_ref";

        /// <summary>One row as read: its version, what counting needs, and its new price (null: left as it is).</summary>
        private sealed class Entry
        {
            public long Row;
            public string Version = "";
            public string Provider = "";
            public string Model = "";
            public long? OldCost;
            public CostUpdate? Update;
            public bool Gone;
        }

        public static void Run(PostgresCostStore store, CostQuery scope, Func<StoredPricing, CostUpdate?> price, Action<RepricedRow> counted, bool write, CancellationToken cancel)
        {
            TimeInput.CheckRange(scope.Since, scope.Until);
            using var conn = store.Engine.OpenConnection();
            var row = new StoredPricing();
            long after = long.MinValue;
            List<Entry> batch;
            // A preview reads every batch from one snapshot; writing, each batch is read on its own and then written.
            using var snapshot = write ? null : conn.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
            do
            {
                cancel.ThrowIfCancellationRequested();
                batch = Read(conn, snapshot, scope, after, price, row);
                if (batch.Count > 0) after = batch[batch.Count - 1].Row;
                if (write) PostgresErrors.RetryingConflicts(() => Write(conn, batch, price, row));
                foreach (var e in batch)
                {
                    if (!e.Gone) counted(new RepricedRow(e.Provider, e.Model, e.OldCost, e.Update));
                }
            }
            while (batch.Count == BatchSize);
        }

        private static List<Entry> Read(NpgsqlConnection conn, NpgsqlTransaction? tx, CostQuery scope, long after, Func<StoredPricing, CostUpdate?> price, StoredPricing row)
        {
            using var cmd = new NpgsqlCommand { Connection = conn, Transaction = tx };
            cmd.CommandText = "SELECT " + Columns + " FROM request_costs WHERE request_row > @after" +
                              PostgresCostReader.Filters(scope, cmd, "occurred_at") + " ORDER BY request_row LIMIT " + BatchSize;
            cmd.Parameters.AddWithValue("after", after);
            var batch = new List<Entry>(BatchSize);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var e = new Entry();
                Decode(r, row, e, price);
                batch.Add(e);
            }

            return batch;
        }

        /// <summary>Fills <paramref name="row"/> and <paramref name="e"/> from a row selecting <see cref="Columns"/>, and prices it.</summary>
        private static void Decode(NpgsqlDataReader r, StoredPricing row, Entry e, Func<StoredPricing, CostUpdate?> price)
        {
            row.Row = r.GetInt64(0);
            row.OccurredAtUtc = UnixMs.ToUtc(r.GetInt64(2));
            row.Provider = r.GetString(3);
            row.Model = r.GetString(4);
            row.InputTokens = r.GetInt64(5);
            row.CacheReadTokens = r.GetInt64(6);
            row.CacheWrite5mTokens = r.GetInt64(7);
            row.CacheWrite1hTokens = r.GetInt64(8);
            row.OutputTokens = r.GetInt64(9);
            row.ReasoningTokens = r.GetInt64(10);
            row.IsBatch = r.GetBoolean(11);
            row.ServiceTier = r.IsDBNull(12) ? null : r.GetString(12);
            row.CostNano = r.IsDBNull(13) ? null : r.GetInt64(13);
            row.PricingStatus = r.GetString(14);
            row.PriceRef = r.IsDBNull(15) ? null : r.GetString(15);
            e.Row = row.Row;
            e.Version = r.GetString(1);
            e.Provider = row.Provider;
            e.Model = row.Model;
            e.OldCost = row.CostNano;
            e.Update = price(row);
            if (e.Update != null) e.Update.Row = row.Row;
        }

        /// <summary>Writes a batch's new prices in one transaction; rows changed since they were read are read and priced again.</summary>
        private static void Write(NpgsqlConnection conn, List<Entry> batch, Func<StoredPricing, CostUpdate?> price, StoredPricing row)
        {
            var changed = batch.FindAll(e => e.Update != null);
            if (changed.Count == 0) return;
            using var tx = conn.BeginTransaction();
            var written = new HashSet<long>();
            using (var cmd = new NpgsqlCommand(
                "UPDATE request_costs c SET cost_nano = u.cost, pricing_status = u.status, priced_model = u.priced, price_ref = u.ref " +
                "FROM unnest(@rows, @versions, @costs, @statuses, @priced, @refs) AS u(row_id, version, cost, status, priced, ref) " +
                "WHERE c.request_row = u.row_id AND c.xmin::text = u.version RETURNING c.request_row", conn, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter("rows", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changed.ConvertAll(e => e.Row).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.ConvertAll(e => e.Version).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter("costs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changed.ConvertAll(e => e.Update!.CostNano).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.ConvertAll(e => e.Update!.PricingStatus).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter("priced", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.ConvertAll(e => e.Update!.PricedModel).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter("refs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.ConvertAll(e => e.Update!.PriceRef).ToArray() });
                using var r = cmd.ExecuteReader();
                while (r.Read()) written.Add(r.GetInt64(0));
            }

            foreach (var e in changed)
            {
                if (written.Contains(e.Row)) continue;
                // Written by another host since it was read: read again under a row lock, priced again, written as it is now.
                using (var again = new NpgsqlCommand("SELECT " + Columns + " FROM request_costs WHERE request_row = @r FOR UPDATE", conn, tx))
                {
                    again.Parameters.AddWithValue("r", e.Row);
                    using var r = again.ExecuteReader();
                    if (!r.Read())
                    {
                        e.Gone = true;
                        continue;
                    }

                    Decode(r, row, e, price);
                }

                if (e.Update == null) continue;
                using var one = new NpgsqlCommand(
                    "UPDATE request_costs SET cost_nano = @cost, pricing_status = @status, priced_model = @priced, price_ref = @ref WHERE request_row = @r", conn, tx);
                one.Parameters.Add(new NpgsqlParameter("cost", NpgsqlDbType.Bigint) { Value = (object?)e.Update.CostNano ?? DBNull.Value });
                one.Parameters.AddWithValue("status", e.Update.PricingStatus);
                one.Parameters.Add(new NpgsqlParameter("priced", NpgsqlDbType.Text) { Value = (object?)e.Update.PricedModel ?? DBNull.Value });
                one.Parameters.Add(new NpgsqlParameter("ref", NpgsqlDbType.Text) { Value = (object?)e.Update.PriceRef ?? DBNull.Value });
                one.Parameters.AddWithValue("r", e.Row);
                one.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }
}
