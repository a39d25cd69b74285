using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Time;
using Npgsql;
using NpgsqlTypes;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// Queries on PostgreSQL: the rows of a query's range are summed in SQL per key and per calendar period of the
    /// query's time zone (PostgreSQL's own zone rules), and the summed rows become groups through the core's
    /// <see cref="CostGroupBuilder"/>, as the SQLite reader's do.
    /// </summary>
    internal sealed class PostgresCostReader
    {
        private readonly PostgresCostStore _store;

        public PostgresCostReader(PostgresCostStore store)
        {
            _store = store;
        }

        public CostTotals GetTotals(CostQuery query)
        {
            var groups = GetCosts(query.Ungrouped());
            return groups.Count == 0 ? new CostTotals() : groups[0].Totals;
        }

        public IReadOnlyList<CostGroup> GetCosts(CostQuery query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            TimeInput.CheckRange(query.Since, query.Until);
            var tz = query.TimeZone ?? TimeZoneInfo.Utc;
            var builder = new CostGroupBuilder(query.Groupings, tz);
            using var conn = _store.Engine.OpenConnection();
            using var cmd = new NpgsqlCommand { Connection = conn };
            var keyCols = new List<string>();
            foreach (var k in query.Groupings)
            {
                switch (k)
                {
                    case CostGrouping.Session: keyCols.Add("session_id"); break;
                    case CostGrouping.Model: keyCols.Add("provider"); keyCols.Add("model"); break;
                    case CostGrouping.Provider: keyCols.Add("provider"); break;
                    case CostGrouping.Tag: keyCols.Add("tags"); break;
                }
            }

            keyCols = keyCols.Distinct().ToList();
            // Optimisation (docs/team-store.md, "How it stores and answers"): the hourly summaries answer exactly when the
            // range starts and ends on whole hours and the zone's offsets are whole hours; otherwise the request rows.
            string? rollup = RollupFor(query, tz, builder.Period != null);
            string time = rollup != null ? "hour_start" : "occurred_at";
            var groupBy = new List<string>(keyCols);
            if (builder.Period is CostGrouping period)
            {
                // The local calendar period each request falls in; its earliest request stands for it (any instant inside
                // a period maps back to that period, even where a zone skips the local midnight).
                string unit = period switch { CostGrouping.Hour => "hour", CostGrouping.Week => "week", CostGrouping.Month => "month", _ => "day" };
                cmd.Parameters.AddWithValue("tz", NpgsqlDbType.Text, ZoneName(tz));
                groupBy.Add($"date_trunc('{unit}', to_timestamp({time} / 1000.0) AT TIME ZONE @tz)");
            }

            string select = string.Join("", keyCols.Select(c => c == "session_id" || c == "tags" ? $"COALESCE({c}, ''), " : c + ", "));
            string sums = rollup != null
                ? "COALESCE(SUM(requests), 0)::bigint, COALESCE(SUM(unpriced_requests), 0)::bigint, "
                : "COUNT(*), COUNT(*) FILTER (WHERE cost_nano IS NULL), ";
            cmd.CommandText =
                "SELECT " + select + (builder.Period != null ? $"MIN({time}), " : "") + sums +
                "COALESCE(SUM(input_tokens), 0)::bigint, COALESCE(SUM(cache_read_tokens), 0)::bigint, " +
                "COALESCE(SUM(cache_write_5m_tokens), 0)::bigint, COALESCE(SUM(cache_write_1h_tokens), 0)::bigint, COALESCE(SUM(output_tokens), 0)::bigint, " +
                "COALESCE(SUM(reasoning_tokens), 0)::bigint, COALESCE(SUM(cost_nano), 0)::bigint FROM " + (rollup ?? "request_costs") + " WHERE true" + Filters(query, cmd, time) +
                (groupBy.Count > 0 ? " GROUP BY " + string.Join(", ", groupBy) : "");
            using var r = cmd.ExecuteReader();
            int sumAt = keyCols.Count + (builder.Period != null ? 1 : 0);
            while (r.Read())
            {
                string? session = null, provider = null, model = null, tags = null;
                for (int c = 0; c < keyCols.Count; c++)
                {
                    switch (keyCols[c])
                    {
                        case "session_id": session = r.GetString(c); break;
                        case "provider": provider = r.GetString(c); break;
                        case "model": model = r.GetString(c); break;
                        case "tags": tags = r.GetString(c); break;
                    }
                }

                long? bucket = builder.Period != null ? r.GetInt64(keyCols.Count) : (long?)null;
                builder.Add(bucket, session, provider, model, tags, new CostTotals
                {
                    Requests = r.GetInt64(sumAt),
                    UnpricedRequests = r.GetInt64(sumAt + 1),
                    InputTokens = r.GetInt64(sumAt + 2),
                    CacheReadTokens = r.GetInt64(sumAt + 3),
                    CacheWrite5mTokens = r.GetInt64(sumAt + 4),
                    CacheWrite1hTokens = r.GetInt64(sumAt + 5),
                    OutputTokens = r.GetInt64(sumAt + 6),
                    ReasoningTokens = r.GetInt64(sumAt + 7),
                    CostNano = r.GetInt64(sumAt + 8),
                });
            }

            return builder.Finish();
        }

        public IEnumerable<CostFact> GetCostFacts(CostQuery query)
        {
            TimeInput.CheckRange(query.Since, query.Until);
            using var conn = _store.Engine.OpenConnection();
            using var cmd = new NpgsqlCommand { Connection = conn };
            cmd.CommandText = "SELECT provider, model, occurred_at, cost_nano, session_id, tags FROM request_costs WHERE true" + Filters(query, cmd, "occurred_at");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                yield return new CostFact
                {
                    Provider = r.GetString(0),
                    Model = r.GetString(1),
                    OccurredAtUtc = UnixMs.ToUtc(r.GetInt64(2)),
                    CostNano = r.IsDBNull(3) ? null : r.GetInt64(3),
                    SessionId = r.IsDBNull(4) ? null : r.GetString(4),
                    StoredTags = r.IsDBNull(5) ? null : r.GetString(5),
                };
            }
        }

        public IEnumerable<RequestCost> GetRequests(CostQuery query)
        {
            TimeInput.CheckRange(query.Since, query.Until);
            using var conn = _store.Engine.OpenConnection();
            using var cmd = new NpgsqlCommand { Connection = conn };
            cmd.CommandText =
                "SELECT request_row, request_key, provider_request_id, session_id, occurred_at, provider, model, priced_model, input_tokens, " +
                "cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, " +
                "pricing_status, price_ref, is_batch, tags, source, latency_ms, source_cost_nano, service_tier FROM request_costs WHERE true" + Filters(query, cmd, "occurred_at") +
                " ORDER BY occurred_at, request_row";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                yield return new RequestCost
                {
                    Row = r.GetInt64(0),
                    RequestKey = r.GetString(1),
                    RequestId = r.IsDBNull(2) ? null : r.GetString(2),
                    SessionId = r.IsDBNull(3) ? null : r.GetString(3),
                    OccurredAtUtc = UnixMs.ToUtc(r.GetInt64(4)),
                    Provider = r.GetString(5),
                    Model = r.GetString(6),
                    PricedModel = r.IsDBNull(7) ? null : r.GetString(7),
                    InputTokens = r.GetInt64(8),
                    CacheReadTokens = r.GetInt64(9),
                    CacheWrite5mTokens = r.GetInt64(10),
                    CacheWrite1hTokens = r.GetInt64(11),
                    OutputTokens = r.GetInt64(12),
                    ReasoningTokens = r.GetInt64(13),
                    CostNano = r.IsDBNull(14) ? null : r.GetInt64(14),
                    Currency = r.GetString(15),
                    PricingStatus = r.GetString(16),
                    PriceRef = r.IsDBNull(17) ? null : r.GetString(17),
                    IsBatch = r.GetBoolean(18),
                    Tags = StoredTags.Decode(r.IsDBNull(19) ? null : r.GetString(19)),
                    Source = r.IsDBNull(20) ? null : r.GetString(20),
                    LatencyMs = r.IsDBNull(21) ? null : r.GetDouble(21),
                    SourceCostNano = r.IsDBNull(22) ? null : r.GetInt64(22),
                    ServiceTier = r.IsDBNull(23) ? null : r.GetString(23),
                };
            }
        }

        private const long HourMs = 3_600_000L;

        /// <summary>
        /// The summary table that answers <paramref name="q"/> exactly, or null for the request rows: not for a range cut
        /// inside an hour, not for calendar periods in a zone with offsets that are not whole hours (India, Nepal, parts of
        /// Australia), not for "unpriced only" (a summary cannot tell the tokens of its unpriced requests apart).
        /// </summary>
        internal static string? RollupFor(CostQuery q, TimeZoneInfo tz, bool byPeriod)
        {
            if (q.OnlyUnpriced) return null;
            if (q.Since.HasValue && UnixMs.From(q.Since.Value) % HourMs != 0) return null;
            if (q.Until.HasValue && UnixMs.From(q.Until.Value) % HourMs != 0) return null;
            if (byPeriod && !WholeHourOffsets(tz)) return null;
            bool bySession = (q.Sessions != null && q.Sessions.Count > 0) || q.Groupings.Contains(CostGrouping.Session);
            return bySession ? "cost_rollups_hourly" : "cost_rollups_hourly_by_model";
        }

        /// <summary>True when every offset the zone has had since 1970 is a whole number of hours.</summary>
        private static bool WholeHourOffsets(TimeZoneInfo tz)
        {
            static bool Whole(TimeSpan t) => t.Ticks % TimeSpan.TicksPerHour == 0;
            if (!Whole(tz.BaseUtcOffset)) return false;
            foreach (var rule in tz.GetAdjustmentRules())
            {
                if (rule.DateEnd < new DateTime(1970, 1, 1)) continue;
                if (!Whole(rule.DaylightDelta) || !Whole(rule.BaseUtcOffsetDelta)) return false;
            }

            return true;
        }

        /// <summary>The zone's IANA name, which PostgreSQL knows (Windows ids are converted).</summary>
        internal static string ZoneName(TimeZoneInfo tz)
        {
            if (tz == TimeZoneInfo.Utc || tz.Id == "UTC") return "UTC";
            if (!tz.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(tz.Id, out var iana)) return iana;
            return tz.Id;
        }

        /// <summary>The query's filters and range as conditions; same meaning as the SQLite store's (SqliteQueryFilters).</summary>
        internal static string Filters(CostQuery q, NpgsqlCommand cmd, string timeColumn)
        {
            var sb = new StringBuilder();
            if (q.Sessions != null && q.Sessions.Count > 0)
            {
                // Exact ids by = ANY (the index); ids with * or ? as case-sensitive patterns, like the ids themselves.
                var exact = q.Sessions.Where(s => s.IndexOfAny(Wildcards) < 0).ToArray();
                var patterns = q.Sessions.Where(s => s.IndexOfAny(Wildcards) >= 0).Select(SqliteQueryFilters.WildcardToLike).ToArray();
                var any = new List<string>();
                if (exact.Length > 0)
                {
                    any.Add("session_id = ANY(@sessions)");
                    cmd.Parameters.AddWithValue("sessions", NpgsqlDbType.Array | NpgsqlDbType.Text, exact);
                }

                if (patterns.Length > 0)
                {
                    any.Add("session_id LIKE ANY(@sessionPatterns)");
                    cmd.Parameters.AddWithValue("sessionPatterns", NpgsqlDbType.Array | NpgsqlDbType.Text, patterns);
                }

                sb.Append(" AND (").Append(string.Join(" OR ", any)).Append(')');
            }

            if (q.Providers != null && q.Providers.Count > 0)
            {
                sb.Append(" AND provider = ANY(@providers)");
                cmd.Parameters.AddWithValue("providers", NpgsqlDbType.Array | NpgsqlDbType.Text, q.Providers.Select(PriceCatalog.NormalizeProvider).ToArray());
            }

            if (q.Models != null && q.Models.Count > 0)
            {
                // LIKE in SQLite ignores the case of ASCII letters: ILIKE here.
                sb.Append(" AND model ILIKE ANY(@models)");
                cmd.Parameters.AddWithValue("models", NpgsqlDbType.Array | NpgsqlDbType.Text, q.Models.Select(SqliteQueryFilters.WildcardToLike).ToArray());
            }

            if (q.Tags != null && q.Tags.Count > 0)
            {
                sb.Append(" AND tags LIKE ANY(@tags)");
                cmd.Parameters.AddWithValue("tags", NpgsqlDbType.Array | NpgsqlDbType.Text,
                    q.Tags.Select(t => "%," + SqliteQueryFilters.EscapeLike(t) + ",%").ToArray());
            }

            if (q.OnlyUnpriced) sb.Append(" AND cost_nano IS NULL");
            if (q.Since.HasValue)
            {
                sb.Append(" AND ").Append(timeColumn).Append(" >= @since");
                cmd.Parameters.AddWithValue("since", NpgsqlDbType.Bigint, UnixMs.From(q.Since.Value));
            }

            if (q.Until.HasValue)
            {
                sb.Append(" AND ").Append(timeColumn).Append(" < @until");
                cmd.Parameters.AddWithValue("until", NpgsqlDbType.Bigint, UnixMs.From(q.Until.Value));
            }

            return sb.ToString();
        }

        private static readonly char[] Wildcards = { '*', '?' };
    }
}
