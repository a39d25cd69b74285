using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// SQLite side of <see cref="ICostReader"/>. Grouped totals read whole hours from the hourly rollups and only the
    /// partial hours at the edges of a range (and tag filters or odd time zones) from raw request rows.
    /// </summary>
    internal sealed class SqliteCostReader
    {
        private const long MinuteMs = 60_000L;
        private const long HourMs = 3_600_000L;
        private readonly SqliteCostStore _store;

        public SqliteCostReader(SqliteCostStore store)
        {
            _store = store;
        }

        public CostTotals GetTotals(CostQuery query)
        {
            var q = Copy(query);
            q.GroupBy = CostGrouping.None;
            var groups = GetCosts(q);
            return groups.Count == 0 ? new CostTotals() : groups[0].Totals;
        }

        /// <summary>
        /// Grouped totals. Whole hours are read from the hourly rollups; only the partial hours at the edges of the
        /// range (and tag filters or odd time zones) touch raw request rows.
        /// </summary>
        public IReadOnlyList<CostGroup> GetCosts(CostQuery query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            TimeInput.CheckRange(query.Since, query.Until);
            var tz = query.TimeZone ?? TimeZoneInfo.Utc;
            bool timeGroup = query.GroupBy == CostGrouping.Hour || query.GroupBy == CostGrouping.Day ||
                             query.GroupBy == CostGrouping.Week || query.GroupBy == CostGrouping.Month;
            bool rawOnly = query.OnlyUnpriced || (query.Tags != null && query.Tags.Count > 0) || query.GroupBy == CostGrouping.Tag ||
                           (timeGroup && !HasWholeHourOffsets(tz));
            long bucketMs = timeGroup ? (rawOnly ? MinuteMs : HourMs) : 0;

            long? since = query.Since.HasValue ? UnixMs.From(query.Since.Value) : (long?)null;
            long? until = query.Until.HasValue ? UnixMs.From(query.Until.Value) : (long?)null;
            if (since.HasValue && until.HasValue && until <= since) return Array.Empty<CostGroup>();

            var sql = new StringBuilder();
            using var conn = _store.OpenConnection();
            using var cmd = conn.CreateCommand();
            string keyCols = query.GroupBy switch
            {
                CostGrouping.Session => "session_id",
                CostGrouping.Model => "provider, model",
                CostGrouping.Provider => "provider",
                CostGrouping.Tag => "tags",
                _ when timeGroup => "bucket",
                _ => "",
            };
            string select = (keyCols.Length > 0 ? keyCols + ", " : "") +
                            "SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), " +
                            "SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)";
            string bucketExpr(string col) => bucketMs > 0 ? $"({col} / {bucketMs}) * {bucketMs}" : "0";
            const string RawCols = "COALESCE(session_id, '') AS session_id, provider, model, 1 AS requests, (cost_nano IS NULL) AS unpriced_requests, " +
                                   "input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, " +
                                   "COALESCE(cost_nano, 0) AS cost_nano, tags";
            string filters = Filters(query, cmd);

            var parts = new List<string>();
            if (rawOnly)
            {
                parts.Add($"SELECT {bucketExpr("occurred_at")} AS bucket, {RawCols} FROM request_costs WHERE 1=1{filters}{RangeSql("occurred_at", since, until, cmd, "r")}");
            }
            else
            {
                long? h0 = since.HasValue ? CeilHour(since.Value) : (long?)null;
                long? h1 = until.HasValue ? FloorHour(until.Value) : (long?)null;
                if (h0.HasValue && h1.HasValue && h0 >= h1)
                {
                    parts.Add($"SELECT {bucketExpr("occurred_at")} AS bucket, {RawCols} FROM request_costs WHERE 1=1{filters}{RangeSql("occurred_at", since, until, cmd, "r")}");
                }
                else
                {
                    parts.Add($"SELECT {bucketExpr("hour_start")} AS bucket, session_id, provider, model, requests, unpriced_requests, input_tokens, cache_read_tokens, " +
                              $"cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, NULL AS tags FROM cost_rollups_hourly " +
                              $"WHERE requests <> 0{filters}{RangeSql("hour_start", h0, h1, cmd, "h")}");
                    if (since.HasValue && since < h0)
                    {
                        parts.Add($"SELECT {bucketExpr("occurred_at")} AS bucket, {RawCols} FROM request_costs WHERE 1=1{filters}{RangeSql("occurred_at", since, h0, cmd, "a")}");
                    }

                    if (until.HasValue && h1 < until)
                    {
                        parts.Add($"SELECT {bucketExpr("occurred_at")} AS bucket, {RawCols} FROM request_costs WHERE 1=1{filters}{RangeSql("occurred_at", h1, until, cmd, "b")}");
                    }
                }
            }

            sql.Append("SELECT ").Append(select).Append(" FROM (").Append(string.Join(" UNION ALL ", parts)).Append(')');
            if (keyCols.Length > 0) sql.Append(" GROUP BY ").Append(keyCols);
            cmd.CommandText = sql.ToString();

            var groups = new Dictionary<string, CostGroup>(StringComparer.Ordinal);
            try
            {
                ReadGroups(cmd, query, tz, groups);
            }
            catch (SqliteException ex) when (ex.Message.IndexOf("integer overflow", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw TotalOutOfRange();
            }

            catch (OverflowException)
            {
                throw TotalOutOfRange();
            }

            IEnumerable<CostGroup> ordered = timeGroup
                ? groups.Values.OrderBy(g => g.PeriodStartUtc)
                : groups.Values.OrderByDescending(g => g.Totals.CostNano).ThenBy(g => g.Provider, StringComparer.Ordinal).ThenBy(g => g.Key, StringComparer.Ordinal);
            return ordered.ToList();
        }

        /// <summary>A sum that 64-bit nano-USD cannot hold: an error, never a clamped number.</summary>
        private static LlmCostException TotalOutOfRange() => new LlmCostException("TotalOutOfRange",
            "The total is larger than LlmCost can represent (9.2 billion USD in nano-USD): narrow the query, and check the store for corrupt counts (llmcost store check).");

        private static void ReadGroups(SqliteCommand cmd, CostQuery query, TimeZoneInfo tz, Dictionary<string, CostGroup> groups)
        {
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    int i = 0;
                    var keys = new List<(string Key, string? Provider, DateTime? Local, DateTime? Utc)>();
                    switch (query.GroupBy)
                    {
                        case CostGrouping.Session:
                            keys.Add((r.GetString(i++), null, null, null));
                            break;
                        case CostGrouping.Model:
                            string provider = r.GetString(i++);
                            keys.Add((provider + "/" + r.GetString(i), provider, null, null));
                            i++;
                            break;
                        case CostGrouping.Provider:
                            keys.Add((r.GetString(i++), null, null, null));
                            break;
                        case CostGrouping.Tag:
                            var tags = SqliteValues.DecodeTags(r.IsDBNull(i) ? null : r.GetString(i));
                            i++;
                            if (tags.Count == 0) keys.Add(("", null, null, null));
                            foreach (var t in tags) keys.Add((t, null, null, null));
                            break;
                        case CostGrouping.None:
                            keys.Add(("", null, null, null));
                            break;
                        default:
                            var (local, utc) = CalendarPeriods.Start(UnixMs.ToUtc(r.GetInt64(i++)), query.GroupBy, tz);
                            string k = query.GroupBy == CostGrouping.Month
                                ? local.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                                : query.GroupBy == CostGrouping.Hour
                                    ? local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture)
                                    : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                            keys.Add((k, null, local, utc));
                            break;
                    }

                    if (r.IsDBNull(i)) continue; // SUM over no rows
                    // SQLite turns an integer sum that overflows into a floating-point one: never read it as a clamped integer.
                    for (int c = i; c <= i + 8; c++)
                    {
                        if (r.GetFieldType(c) == typeof(double)) throw TotalOutOfRange();
                    }

                    var totals = new CostTotals
                    {
                        Requests = r.GetInt64(i),
                        UnpricedRequests = r.GetInt64(i + 1),
                        InputTokens = r.GetInt64(i + 2),
                        CacheReadTokens = r.GetInt64(i + 3),
                        CacheWrite5mTokens = r.GetInt64(i + 4),
                        CacheWrite1hTokens = r.GetInt64(i + 5),
                        OutputTokens = r.GetInt64(i + 6),
                        ReasoningTokens = r.GetInt64(i + 7),
                        CostNano = r.GetInt64(i + 8),
                    };
                    if (totals.Requests == 0) continue;
                    foreach (var key in keys)
                    {
                        if (!groups.TryGetValue(key.Key, out var g))
                        {
                            groups[key.Key] = g = new CostGroup
                            {
                                GroupBy = query.GroupBy,
                                Key = key.Key.Length > 0 && query.GroupBy == CostGrouping.Model ? key.Key.Substring(key.Provider!.Length + 1) : key.Key,
                                Provider = key.Provider,
                                PeriodStart = key.Local,
                                PeriodStartUtc = key.Utc,
                            };
                        }

                        g.Totals.Add(totals);
                    }
                }
            }
        }

        public IEnumerable<RequestCost> GetRequests(CostQuery query)
        {
            TimeInput.CheckRange(query.Since, query.Until);
            using var conn = _store.OpenConnection();
            using var cmd = conn.CreateCommand();
            string filters = Filters(query, cmd);
            long? since = query.Since.HasValue ? UnixMs.From(query.Since.Value) : (long?)null;
            long? until = query.Until.HasValue ? UnixMs.From(query.Until.Value) : (long?)null;
            cmd.CommandText =
                "SELECT request_row, request_key, " + SqliteRequestWriter.RequestIdSql + ", session_id, occurred_at, provider, model, priced_model, input_tokens, " +
                "cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, " +
                "pricing_status, (SELECT label FROM labels WHERE label_id = price_ref_id), is_batch, tags, " +
                "(SELECT label FROM labels WHERE label_id = source_id), latency_ms, source_cost_nano FROM request_costs WHERE 1=1" + filters +
                RangeSql("occurred_at", since, until, cmd, "r") + " ORDER BY occurred_at, request_row";
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
                    IsBatch = r.GetInt64(18) != 0,
                    Tags = SqliteValues.DecodeTags(r.IsDBNull(19) ? null : r.GetString(19)),
                    Source = r.IsDBNull(20) ? null : r.GetString(20),
                    LatencyMs = r.IsDBNull(21) ? null : r.GetDouble(21),
                    SourceCostNano = r.IsDBNull(22) ? null : r.GetInt64(22),
                };
            }
        }

        private static string Filters(CostQuery q, SqliteCommand cmd)
        {
            var sb = new StringBuilder();
            Sessions(sb, cmd, q.Sessions);
            In(sb, cmd, "provider", "p", q.Providers?.Select(Pricing.PriceCatalog.NormalizeProvider).ToList());
            if (q.Models != null && q.Models.Count > 0)
            {
                sb.Append(" AND (");
                for (int i = 0; i < q.Models.Count; i++)
                {
                    if (i > 0) sb.Append(" OR ");
                    string name = "$m" + i.ToString(CultureInfo.InvariantCulture);
                    sb.Append("model LIKE ").Append(name).Append(" ESCAPE '\\'");
                    if (!cmd.Parameters.Contains(name)) cmd.Parameters.AddWithValue(name, WildcardToLike(q.Models[i]));
                }

                sb.Append(')');
            }

            if (q.Tags != null && q.Tags.Count > 0)
            {
                sb.Append(" AND (");
                for (int i = 0; i < q.Tags.Count; i++)
                {
                    if (i > 0) sb.Append(" OR ");
                    string name = "$t" + i.ToString(CultureInfo.InvariantCulture);
                    sb.Append("tags LIKE ").Append(name).Append(" ESCAPE '\\'");
                    if (!cmd.Parameters.Contains(name)) cmd.Parameters.AddWithValue(name, "%," + EscapeLike(q.Tags[i]) + ",%");
                }

                sb.Append(')');
            }

            if (q.OnlyUnpriced) sb.Append(" AND cost_nano IS NULL");
            return sb.ToString();
        }

        /// <summary>Exact session ids by IN (the index), ids with * or ? by GLOB (case-sensitive, like the ids themselves).</summary>
        private static void Sessions(StringBuilder sb, SqliteCommand cmd, IReadOnlyList<string>? sessions)
        {
            if (sessions == null || sessions.Count == 0) return;
            var exact = sessions.Where(s => s.IndexOfAny(WildcardChars) < 0).ToList();
            var patterns = sessions.Where(s => s.IndexOfAny(WildcardChars) >= 0).ToList();
            if (patterns.Count == 0)
            {
                In(sb, cmd, "session_id", "s", exact);
                return;
            }

            var any = new List<string>();
            if (exact.Count > 0) any.Add(InList(cmd, "session_id", "s", exact));
            for (int i = 0; i < patterns.Count; i++)
            {
                string name = "$sg" + i.ToString(CultureInfo.InvariantCulture);
                any.Add("session_id GLOB " + name);
                // '[' is GLOB's own wildcard: matched literally as '[[]'.
                if (!cmd.Parameters.Contains(name)) cmd.Parameters.AddWithValue(name, patterns[i].Replace("[", "[[]"));
            }

            sb.Append(" AND (").Append(string.Join(" OR ", any)).Append(')');
        }

        private static readonly char[] WildcardChars = { '*', '?' };

        private static void In(StringBuilder sb, SqliteCommand cmd, string column, string prefix, IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return;
            sb.Append(" AND ").Append(InList(cmd, column, prefix, values));
        }

        /// <summary>"column IN ($p0, $p1, ...)" with its parameters added to <paramref name="cmd"/>.</summary>
        private static string InList(SqliteCommand cmd, string column, string prefix, IReadOnlyList<string> values)
        {
            var names = new string[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                names[i] = "$" + prefix + i.ToString(CultureInfo.InvariantCulture);
                if (!cmd.Parameters.Contains(names[i])) cmd.Parameters.AddWithValue(names[i], values[i]);
            }

            return column + " IN (" + string.Join(", ", names) + ")";
        }

        private static string RangeSql(string column, long? from, long? to, SqliteCommand cmd, string tag)
        {
            var sb = new StringBuilder();
            if (from.HasValue)
            {
                sb.Append(" AND ").Append(column).Append(" >= $from").Append(tag);
                cmd.Parameters.AddWithValue("$from" + tag, from.Value);
            }

            if (to.HasValue)
            {
                sb.Append(" AND ").Append(column).Append(" < $to").Append(tag);
                cmd.Parameters.AddWithValue("$to" + tag, to.Value);
            }

            return sb.ToString();
        }

        private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

        /// <summary>Turns a '*'/'?' wildcard pattern into a LIKE pattern (case-insensitive for ASCII).</summary>
        internal static string WildcardToLike(string pattern) => EscapeLike(pattern).Replace('*', '%').Replace('?', '_');

        private static long FloorHour(long ms) => (long)Math.Floor(ms / (double)HourMs) * HourMs;

        private static long CeilHour(long ms) => FloorHour(ms) == ms ? ms : FloorHour(ms) + HourMs;

        private static bool HasWholeHourOffsets(TimeZoneInfo tz)
        {
            if (tz.BaseUtcOffset.Ticks % TimeSpan.TicksPerHour != 0) return false;
            return tz.GetAdjustmentRules().All(a => a.DaylightDelta.Ticks % TimeSpan.TicksPerHour == 0);
        }

        private static CostQuery Copy(CostQuery q) => new CostQuery
        {
            Since = q.Since,
            Until = q.Until,
            Sessions = q.Sessions,
            Providers = q.Providers,
            Models = q.Models,
            Tags = q.Tags,
            OnlyUnpriced = q.OnlyUnpriced,
            GroupBy = q.GroupBy,
            TimeZone = q.TimeZone,
        };
    }
}
