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
    /// SQLite side of <see cref="ICostReader"/>. Grouped totals read whole days and hours from the summaries
    /// (<see cref="RollupPlan"/>, SQL from <see cref="SummarySql"/>) and only the minutes at the edges of a range (and
    /// unpriced-only queries) from request rows; filters come from <see cref="SqliteQueryFilters"/>.
    /// </summary>
    internal sealed class SqliteCostReader
    {
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
        /// Grouped totals, read from the coarsest summaries that answer exactly (<see cref="RollupPlan"/>): daily ones for
        /// whole days, hourly ones for whole hours, request rows only for the minutes at the edges of the range.
        /// </summary>
        public IReadOnlyList<CostGroup> GetCosts(CostQuery query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            TimeInput.CheckRange(query.Since, query.Until);
            var tz = query.TimeZone ?? TimeZoneInfo.Utc;
            var keys = query.Groupings;
            CostGrouping? period = null;
            foreach (var k in keys) if (CostGroupings.IsCalendarPeriod(k)) period = k;
            var level = SummarySql.LevelOf(query);

            long? since = query.Since.HasValue ? UnixMs.From(query.Since.Value) : (long?)null;
            long? until = query.Until.HasValue ? UnixMs.From(query.Until.Value) : (long?)null;
            if (since.HasValue && until.HasValue && until <= since) return Array.Empty<CostGroup>();

            using var conn = _store.OpenConnection();
            using var cmd = conn.CreateCommand();
            var pieces = RollupPlan.For(since, until, query.OnlyUnpriced, monthsKept: level == RollupLevel.Model, period, tz, () => StoredDays(conn, level));
            if (pieces.Count == 0) return Array.Empty<CostGroup>();

            var keyCols = new List<string>();
            foreach (var k in keys)
            {
                switch (k)
                {
                    case CostGrouping.Session: keyCols.Add("session_id"); break;
                    case CostGrouping.Model: keyCols.Add("provider"); keyCols.Add("model"); break;
                    case CostGrouping.Provider: keyCols.Add("provider"); break;
                    case CostGrouping.Tag: keyCols.Add("tags"); break;
                    default: keyCols.Add("bucket"); break;
                }
            }

            keyCols = keyCols.Distinct().ToList();
            string filters = SqliteQueryFilters.Filters(query, cmd);
            var parts = new List<string>();
            var dayPieces = new List<RollupPiece>();
            for (int i = 0; i < pieces.Count; i++)
            {
                var p = pieces[i];
                if (p.Source == RollupSource.Days)
                {
                    dayPieces.Add(p);
                    continue;
                }

                string where = filters + SqliteQueryFilters.RangeSql(SummarySql.TimeColumn(p.Source), p.From, p.To, cmd, "r" + i.ToString(CultureInfo.InvariantCulture));
                parts.Add(SummarySql.Part(keyCols, SummarySql.Bucket(SummarySql.TimeColumn(p.Source), p, period, tz), p.Source, level, where));
            }

            // Optimisation (docs/benchmarks.md, "Queries"): every whole day is read in one pass over the daily summaries, and
            // the hours moved out of cut days in one more, however many pieces the plan has (a year by day in a zone with
            // summer time has three, by week over a hundred); each extra part costs about as much as a whole pass.
            if (dayPieces.Count > 0)
            {
                parts.Add(SummarySql.Part(keyCols, SummarySql.DayBucket(dayPieces, period), RollupSource.Days, level, filters + SummarySql.DayRanges(dayPieces, cmd)));
                string? moved = SummarySql.MovedHoursSource(dayPieces, level);
                if (moved != null)
                {
                    parts.Add(SummarySql.Part(keyCols, SummarySql.MovedHourBucket(period), RollupSource.Hours, level,
                        filters + " AND hour_start >= cd.d + cd.lo AND hour_start < cd.d + cd.hi", moved, "sg.k * "));
                }
            }

            // The parts' rows are added up per group by ReadGroups, which maps buckets to periods anyway. Optimisation
            // (docs/benchmarks.md, "Queries"): an outer GROUP BY in SQL cost about 2 us per row with nine sums, the
            // larger part of a year-by-day query in a time zone.
            cmd.CommandText = string.Join(" UNION ALL ", parts);

            var groups = new Dictionary<string, CostGroup>(StringComparer.Ordinal);
            long totalCost;
            try
            {
                // Optimisation (docs/benchmarks.md, "Queries"): with a provider or model filter, SQLite 3.49 would build a
                // throw-away index over the whole hourly table for the hours moved out of cut days (300 ms at 125k rows)
                // instead of seeking each day's hours by the key (2 ms). This read does not want automatic indexes.
                SetAutomaticIndex(conn, false);
                // Optimisation (docs/benchmarks.md, "Queries"): read through a statement on the native handle; the
                // data reader's per-value checks cost 2 us a row, two thirds of a year-by-day query in a time zone.
                using var statement = RawStatement.Of(cmd);
                totalCost = ReadGroups(statement, keys, keyCols, period, tz, groups);
            }
            catch (SqliteException ex) when (ex.Message.IndexOf("integer overflow", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw TotalOutOfRange();
            }

            catch (OverflowException)
            {
                throw TotalOutOfRange();
            }
            finally
            {
                SetAutomaticIndex(conn, true); // the connection goes back to the pool as it came
            }

            // A group can net to no requests (a day whose every hour was moved to the next local day).
            foreach (var empty in groups.Where(kv => kv.Value.Totals.Requests == 0).Select(kv => kv.Key).ToList()) groups.Remove(empty);
            foreach (var g in groups.Values)
            {
                g.Share = totalCost == 0 ? (decimal?)null : g.Totals.CostNano / (decimal)totalCost;
            }

            IEnumerable<CostGroup> ordered = period != null
                ? groups.Values.OrderBy(g => g.PeriodStartUtc).ThenByDescending(g => g.Totals.CostNano).ThenBy(g => g.Key, StringComparer.Ordinal)
                : groups.Values.OrderByDescending(g => g.Totals.CostNano).ThenBy(g => g.Provider, StringComparer.Ordinal).ThenBy(g => g.Key, StringComparer.Ordinal);
            return ordered.ToList();
        }

        private static void SetAutomaticIndex(SqliteConnection conn, bool on)
        {
            using var pragma = conn.CreateCommand();
            pragma.CommandText = on ? "PRAGMA automatic_index = ON" : "PRAGMA automatic_index = OFF";
            pragma.ExecuteNonQuery();
        }

        /// <summary>The first and last stored UTC day, for walking an unbounded range day by day; null when nothing is stored.</summary>
        private static (long First, long Last)? StoredDays(SqliteConnection conn, RollupLevel level)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT MIN(day_start), MAX(day_start) FROM " + SummarySql.Table(RollupSource.Days, level);
            using var r = cmd.ExecuteReader();
            if (!r.Read() || r.IsDBNull(0)) return null;
            return (r.GetInt64(0), r.GetInt64(1));
        }

        /// <summary>A sum that 64-bit nano-USD cannot hold: an error, never a clamped number.</summary>
        private static LlmCostException TotalOutOfRange() => new LlmCostException("TotalOutOfRange",
            "The total is larger than LlmCost can represent (9.2 billion USD in nano-USD): narrow the query, and check the store for corrupt counts (llmcost store check).");

        /// <summary>Reads the grouped rows into <paramref name="groups"/>; returns the total cost, each row counted once.</summary>
        private static long ReadGroups(RawStatement r, IReadOnlyList<CostGrouping> keys, List<string> keyCols, CostGrouping? period,
            TimeZoneInfo tz, Dictionary<string, CostGroup> groups)
        {
            var periods = new Dictionary<long, (string Text, DateTime Local, DateTime Utc)>();
            int sumAt = keyCols.Count;
            long totalCost = 0;
            var tagsOfRow = new List<string>();
            while (r.Read())
            {
                // A part over no rows sums NULL (a part over no request rows counts 0 requests, and sums NULL too).
                if (r.ColumnIsNull(sumAt + 1)) continue;
                // A sum over a value stored as floating point (only a damaged store holds one) comes back as floating
                // point: money is never read as a truncated integer.
                if (r.ColumnIsFloat(sumAt + 8)) throw TotalOutOfRange();
                var totals = new CostTotals
                {
                    Requests = r.ColumnInt64(sumAt),
                    UnpricedRequests = r.ColumnInt64(sumAt + 1),
                    InputTokens = r.ColumnInt64(sumAt + 2),
                    CacheReadTokens = r.ColumnInt64(sumAt + 3),
                    CacheWrite5mTokens = r.ColumnInt64(sumAt + 4),
                    CacheWrite1hTokens = r.ColumnInt64(sumAt + 5),
                    OutputTokens = r.ColumnInt64(sumAt + 6),
                    ReasoningTokens = r.ColumnInt64(sumAt + 7),
                    CostNano = r.ColumnInt64(sumAt + 8),
                };
                // A row can count no requests and still carry cost (a bucket that gained and lost the same number of
                // moved hours' requests): every row counts; groups that end with no requests are dropped afterwards.
                totalCost = checked(totalCost + totals.CostNano);

                string? session = null, provider = null, model = null;
                (string Text, DateTime Local, DateTime Utc)? when = null;
                tagsOfRow.Clear();
                for (int c = 0; c < keyCols.Count; c++)
                {
                    switch (keyCols[c])
                    {
                        case "session_id": session = r.ColumnText(c); break;
                        case "provider": provider = r.ColumnText(c); break;
                        case "model": model = r.ColumnText(c); break;
                        case "tags":
                            tagsOfRow.AddRange(SqliteValues.DecodeTags(r.ColumnText(c)));
                            if (tagsOfRow.Count == 0) tagsOfRow.Add("");
                            break;
                        default:
                            long bucket = r.ColumnInt64(c);
                            if (!periods.TryGetValue(bucket, out var p))
                            {
                                var (local, utc) = CalendarPeriods.Start(UnixMs.ToUtc(bucket), period!.Value, tz);
                                string text = period == CostGrouping.Month
                                    ? local.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                                    : period == CostGrouping.Hour
                                        ? local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture)
                                        : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                                periods[bucket] = p = (text, local, utc);
                            }

                            when = p;
                            break;
                    }
                }

                if (tagsOfRow.Count == 0) tagsOfRow.Add(null!);
                foreach (var tag in tagsOfRow)
                {
                    string id = GroupId(keys, when?.Text, session, provider, model, tag);
                    if (!groups.TryGetValue(id, out var g))
                    {
                        groups[id] = g = new CostGroup
                        {
                            Groupings = keys,
                            Key = DisplayKey(keys, when?.Text, session, provider, model, tag),
                            PeriodStart = when?.Local,
                            PeriodStartUtc = when?.Utc,
                            SessionId = session,
                            Provider = provider,
                            Model = model,
                            Tag = tag,
                        };
                    }

                    g.Totals.Add(totals);
                }
            }

            return totalCost;
        }

        /// <summary>What makes a group distinct (a model is only the same model under the same provider).</summary>
        private static string GroupId(IReadOnlyList<CostGrouping> keys, string? period, string? session, string? provider, string? model, string? tag)
        {
            if (keys.Count == 1 && keys[0] != CostGrouping.Model)
            {
                return (keys[0] switch { CostGrouping.Session => session, CostGrouping.Provider => provider, CostGrouping.Tag => tag, _ => period }) ?? "";
            }

            var sb = new StringBuilder();
            foreach (var k in keys)
            {
                sb.Append(k switch
                {
                    CostGrouping.Session => session,
                    CostGrouping.Model => provider + "/" + model,
                    CostGrouping.Provider => provider,
                    CostGrouping.Tag => tag,
                    _ => period,
                }).Append('\u0001');
            }

            return sb.ToString();
        }

        /// <summary>The key people read: each key's value in the order asked (a model without its provider, which has its own column).</summary>
        private static string DisplayKey(IReadOnlyList<CostGrouping> keys, string? period, string? session, string? provider, string? model, string? tag)
        {
            var values = new List<string>();
            foreach (var k in keys)
            {
                values.Add(k switch
                {
                    CostGrouping.Session => session,
                    CostGrouping.Model => model,
                    CostGrouping.Provider => provider,
                    CostGrouping.Tag => tag,
                    _ => period,
                } ?? "");
            }

            return string.Join(" | ", values);
        }

        public IEnumerable<RequestCost> GetRequests(CostQuery query)
        {
            TimeInput.CheckRange(query.Since, query.Until);
            using var conn = _store.OpenConnection();
            using var cmd = conn.CreateCommand();
            string filters = SqliteQueryFilters.Filters(query, cmd);
            long? since = query.Since.HasValue ? UnixMs.From(query.Since.Value) : (long?)null;
            long? until = query.Until.HasValue ? UnixMs.From(query.Until.Value) : (long?)null;
            cmd.CommandText =
                "SELECT request_row, request_key, " + SqliteRequestWriter.RequestIdSql + ", session_id, occurred_at, provider, model, priced_model, input_tokens, " +
                "cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, " +
                "pricing_status, price_ref_id, is_batch, tags, source_id, latency_ms, source_cost_nano FROM request_costs WHERE 1=1" + filters +
                SqliteQueryFilters.RangeSql("occurred_at", since, until, cmd, "r") + " ORDER BY occurred_at, request_row";
            // Optimisation (docs/benchmarks.md, "Re-pricing"): rows read through a native statement, and the price and
            // source labels from a dictionary instead of a subquery per row (7 us a row before, most of a re-pricing's read).
            var labels = new Dictionary<long, string>();
            using (var all = conn.CreateCommand())
            {
                all.CommandText = "SELECT label_id, label FROM labels";
                using var lr = all.ExecuteReader();
                while (lr.Read()) labels[lr.GetInt64(0)] = lr.GetString(1);
            }

            string? Label(RawStatement st, int column)
            {
                if (st.ColumnIsNull(column)) return null;
                long id = st.ColumnInt64(column);
                if (labels.TryGetValue(id, out var label)) return label;
                // Written after the labels were read (another process recording meanwhile): looked up once.
                using var one = conn.CreateCommand();
                one.CommandText = "SELECT label FROM labels WHERE label_id = $id";
                one.Parameters.AddWithValue("$id", id);
                label = one.ExecuteScalar() as string;
                if (label != null) labels[id] = label;
                return label;
            }

            using var r = RawStatement.Of(cmd);
            while (r.Read())
            {
                yield return new RequestCost
                {
                    Row = r.ColumnInt64(0),
                    RequestKey = r.ColumnText(1),
                    RequestId = r.ColumnTextOrNull(2),
                    SessionId = r.ColumnTextOrNull(3),
                    OccurredAtUtc = UnixMs.ToUtc(r.ColumnInt64(4)),
                    Provider = r.ColumnText(5),
                    Model = r.ColumnText(6),
                    PricedModel = r.ColumnTextOrNull(7),
                    InputTokens = r.ColumnInt64(8),
                    CacheReadTokens = r.ColumnInt64(9),
                    CacheWrite5mTokens = r.ColumnInt64(10),
                    CacheWrite1hTokens = r.ColumnInt64(11),
                    OutputTokens = r.ColumnInt64(12),
                    ReasoningTokens = r.ColumnInt64(13),
                    CostNano = r.ColumnIsNull(14) ? null : r.ColumnInt64(14),
                    Currency = r.ColumnText(15),
                    PricingStatus = r.ColumnText(16),
                    PriceRef = Label(r, 17),
                    IsBatch = r.ColumnInt64(18) != 0,
                    Tags = SqliteValues.DecodeTags(r.ColumnTextOrNull(19)),
                    Source = Label(r, 20),
                    LatencyMs = r.ColumnIsNull(21) ? null : r.ColumnDouble(21),
                    SourceCostNano = r.ColumnIsNull(22) ? null : r.ColumnInt64(22),
                };
            }
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
            Groupings = q.Groupings,
            TimeZone = q.TimeZone,
        };
    }
}
