using System;
using System.Collections.Generic;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;
using Npgsql;
using NpgsqlTypes;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// Request rows on PostgreSQL. A request is stored by an INSERT ... ON CONFLICT (request_key) DO NOTHING, so two hosts
    /// writing the same request at once store it once; a replace rewrites a row only when something differs.
    /// </summary>
    internal static class PostgresRequestWriter
    {
        internal const string Columns =
            "request_key, provider_request_id, session_id, occurred_at, provider, model, priced_model, input_tokens, cache_read_tokens, " +
            "cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, pricing_status, price_ref, is_batch, tags, " +
            "source, latency_ms, recorded_at, source_cost_nano, service_tier";

        private const string Values = "@k, @rid, @s, @t, @p, @m, @pm, @in, @cr, @w5, @w1, @out, @rea, @cost, @st, @ref, @batch, @tags, @src, @lat, @now, @sc, @tier";

        /// <summary>The columns a replace compares: when none differs the row is left alone (a duplicate, not a replace).</summary>
        internal const string Differs =
            "(request_costs.input_tokens, request_costs.cache_read_tokens, request_costs.cache_write_5m_tokens, request_costs.cache_write_1h_tokens, " +
            "request_costs.output_tokens, request_costs.reasoning_tokens, request_costs.occurred_at, request_costs.session_id, request_costs.model, " +
            "request_costs.provider, request_costs.cost_nano, request_costs.is_batch, request_costs.service_tier) IS DISTINCT FROM " +
            "(excluded.input_tokens, excluded.cache_read_tokens, excluded.cache_write_5m_tokens, excluded.cache_write_1h_tokens, excluded.output_tokens, " +
            "excluded.reasoning_tokens, excluded.occurred_at, excluded.session_id, excluded.model, excluded.provider, excluded.cost_nano, excluded.is_batch, " +
            "excluded.service_tier)";

        internal const string Update =
            "provider_request_id = excluded.provider_request_id, session_id = excluded.session_id, occurred_at = excluded.occurred_at, " +
            "provider = excluded.provider, model = excluded.model, priced_model = excluded.priced_model, input_tokens = excluded.input_tokens, " +
            "cache_read_tokens = excluded.cache_read_tokens, cache_write_5m_tokens = excluded.cache_write_5m_tokens, " +
            "cache_write_1h_tokens = excluded.cache_write_1h_tokens, output_tokens = excluded.output_tokens, reasoning_tokens = excluded.reasoning_tokens, " +
            "cost_nano = excluded.cost_nano, pricing_status = excluded.pricing_status, price_ref = excluded.price_ref, is_batch = excluded.is_batch, " +
            "tags = excluded.tags, source = excluded.source, latency_ms = excluded.latency_ms, source_cost_nano = excluded.source_cost_nano, " +
            "service_tier = excluded.service_tier";

        /// <summary>Writes <paramref name="batch"/> in one transaction; marks each request added, replaced or duplicate.</summary>
        public static BatchResult Write(NpgsqlConnection conn, IReadOnlyList<PricedRequest> batch, DuplicatePolicy policy)
        {
            var total = new BatchResult();
            foreach (var r in batch)
            {
                // A transaction run again after a deadlock starts from nothing.
                r.Added = false;
                r.Replaced = false;
            }

            using var tx = conn.BeginTransaction();
            // xmax = 0 only for a row this statement inserted; an updated row has it set; no row comes back when the
            // key was stored and nothing differs (or the policy is to skip).
            string sql = "INSERT INTO request_costs (" + Columns + ") VALUES (" + Values + ") ON CONFLICT (request_key) DO " +
                         (policy == DuplicatePolicy.Replace ? "UPDATE SET " + Update + " WHERE " + Differs : "NOTHING") + " RETURNING (xmax = 0)";
            using var cmd = new NpgsqlCommand(sql, conn, tx);
            var p = Parameters(cmd);
            cmd.Prepare();
            long now = UnixMs.From(DateTime.UtcNow);
            foreach (var r in batch)
            {
                Bind(p, r, now);
                object? inserted = cmd.ExecuteScalar();
                if (inserted is bool added)
                {
                    if (added)
                    {
                        r.Added = true;
                        total.Added++;
                    }
                    else
                    {
                        r.Replaced = true;
                        total.Replaced++;
                    }

                    if (r.CostNano == null) total.Unpriced++;
                }
                else
                {
                    total.Duplicates++;
                }
            }

            tx.Commit();
            return total;
        }

        /// <summary>The 23 typed parameters of a request row, in <see cref="Columns"/> order.</summary>
        internal static NpgsqlParameter[] Parameters(NpgsqlCommand cmd)
        {
            var types = new[]
            {
                ("k", NpgsqlDbType.Text), ("rid", NpgsqlDbType.Text), ("s", NpgsqlDbType.Text), ("t", NpgsqlDbType.Bigint), ("p", NpgsqlDbType.Text),
                ("m", NpgsqlDbType.Text), ("pm", NpgsqlDbType.Text), ("in", NpgsqlDbType.Bigint), ("cr", NpgsqlDbType.Bigint), ("w5", NpgsqlDbType.Bigint),
                ("w1", NpgsqlDbType.Bigint), ("out", NpgsqlDbType.Bigint), ("rea", NpgsqlDbType.Bigint), ("cost", NpgsqlDbType.Bigint), ("st", NpgsqlDbType.Text),
                ("ref", NpgsqlDbType.Text), ("batch", NpgsqlDbType.Boolean), ("tags", NpgsqlDbType.Text), ("src", NpgsqlDbType.Text), ("lat", NpgsqlDbType.Double),
                ("now", NpgsqlDbType.Bigint), ("sc", NpgsqlDbType.Bigint), ("tier", NpgsqlDbType.Text),
            };
            var list = new NpgsqlParameter[types.Length];
            for (int i = 0; i < types.Length; i++) list[i] = cmd.Parameters.Add(types[i].Item1, types[i].Item2);
            return list;
        }

        /// <summary>Receives a request row's values, in <see cref="Columns"/> order (null for SQL NULL).</summary>
        internal interface IRowValues
        {
            void Text(string? value);
            void Bigint(long? value);
            void Boolean(bool value);
            void Double(double? value);
        }

        /// <summary>
        /// A request's values in <see cref="Columns"/> order: the one place they are read from a request, for the
        /// single-row statement's parameters (<see cref="Parameters"/> names them in the same order) and the bulk
        /// writer's COPY rows.
        /// </summary>
        internal static void Row<TValues>(PricedRequest r, long now, ref TValues values) where TValues : struct, IRowValues
        {
            var record = r.Record;
            values.Text(r.RequestKey);
            values.Text(record.RequestId);
            values.Text(r.SessionId);
            values.Bigint(UnixMs.From(r.OccurredAtUtc));
            values.Text(r.Provider);
            values.Text(r.Model);
            values.Text(r.PricedModel);
            values.Bigint(r.Tokens.InputTokens);
            values.Bigint(r.Tokens.CacheReadTokens);
            values.Bigint(r.Tokens.CacheWrite5mTokens);
            values.Bigint(r.Tokens.CacheWrite1hTokens);
            values.Bigint(r.Tokens.OutputTokens);
            values.Bigint(r.Tokens.ReasoningTokens);
            values.Bigint(r.CostNano);
            values.Text(PricedRequest.StatusText(r.Status));
            values.Text(r.PriceRef);
            values.Boolean(record.IsBatch);
            values.Text(StoredTags.Encode(record.Tags));
            values.Text(record.Source);
            values.Double(record.LatencyMs);
            values.Bigint(now);
            values.Bigint(record.SourceCost.HasValue ? Nano.FromDecimal(record.SourceCost.Value) : (long?)null);
            values.Text(record.ServiceTier);
        }

        /// <summary>A row's values into the statement's parameters.</summary>
        private struct ParameterValues : IRowValues
        {
            private readonly NpgsqlParameter[] _parameters;
            private int _next;

            public ParameterValues(NpgsqlParameter[] parameters)
            {
                _parameters = parameters;
                _next = 0;
            }

            public void Text(string? value) => _parameters[_next++].Value = (object?)value ?? DBNull.Value;

            public void Bigint(long? value) => _parameters[_next++].Value = value.HasValue ? value.Value : DBNull.Value;

            public void Boolean(bool value) => _parameters[_next++].Value = value;

            public void Double(double? value) => _parameters[_next++].Value = value.HasValue ? value.Value : DBNull.Value;
        }

        private static void Bind(NpgsqlParameter[] p, PricedRequest r, long now)
        {
            var values = new ParameterValues(p);
            Row(r, now, ref values);
        }
    }
}
