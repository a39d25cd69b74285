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
            var groups = GetCosts(query.Ungrouped());
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

            var builder = new CostGroupBuilder(keys, tz);
            try
            {
                // Optimisation (docs/benchmarks.md, "Queries"): with a provider or model filter, SQLite 3.49 would build a
                // throw-away index over the whole hourly table for the hours moved out of cut days (300 ms at 125k rows)
                // instead of seeking each day's hours by the key (2 ms). This read does not want automatic indexes.
                SetAutomaticIndex(conn, false);
                // Optimisation (docs/benchmarks.md, "Queries"): read through a statement on the native handle; the
                // data reader's per-value checks cost 2 us a row, two thirds of a year-by-day query in a time zone.
                using var statement = RawStatement.Of(cmd);
                ReadGroups(statement, keyCols, builder);
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

            return builder.Finish();
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

        /// <summary>Reads the summed rows of the parts into <paramref name="builder"/>.</summary>
        private static void ReadGroups(RawStatement r, List<string> keyCols, CostGroupBuilder builder)
        {
            int sumAt = keyCols.Count;
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
                string? session = null, provider = null, model = null, tags = null;
                long? bucket = null;
                for (int c = 0; c < keyCols.Count; c++)
                {
                    switch (keyCols[c])
                    {
                        case "session_id": session = r.ColumnText(c); break;
                        case "provider": provider = r.ColumnText(c); break;
                        case "model": model = r.ColumnText(c); break;
                        case "tags": tags = r.ColumnText(c); break;
                        default: bucket = r.ColumnInt64(c); break;
                    }
                }

                builder.Add(bucket, session, provider, model, tags, totals);
            }
        }

        public IEnumerable<CostFact> GetCostFacts(CostQuery query)
        {
            TimeInput.CheckRange(query.Since, query.Until);
            using var conn = _store.OpenConnection();
            using var cmd = conn.CreateCommand();
            // No ORDER BY: a sum needs no order, and rows in storage order are read without the time index's lookups.
            cmd.CommandText = "SELECT provider, model, occurred_at, cost_nano, session_id, tags FROM request_costs WHERE 1=1" + SqliteQueryFilters.RowFilters(query, cmd);
            var provider = new RepeatedText();
            var model = new RepeatedText();
            var session = new RepeatedText();
            var tags = new RepeatedText();
            using var r = RawStatement.Of(cmd);
            while (r.Read())
            {
                yield return new CostFact
                {
                    Provider = r.ColumnText(0, provider),
                    Model = r.ColumnText(1, model),
                    OccurredAtUtc = UnixMs.ToUtc(r.ColumnInt64(2)),
                    CostNano = r.ColumnIsNull(3) ? null : r.ColumnInt64(3),
                    SessionId = r.ColumnIsNull(4) ? null : r.ColumnText(4, session),
                    StoredTags = r.ColumnIsNull(5) ? null : r.ColumnText(5, tags),
                };
            }
        }

        public IEnumerable<RequestCost> GetRequests(CostQuery query)
        {
            TimeInput.CheckRange(query.Since, query.Until);
            using var conn = _store.OpenConnection();
            using var cmd = conn.CreateCommand();
            cmd.CommandText =
                "SELECT request_row, request_key, " + SqliteRequestWriter.RequestIdSql + ", session_id, occurred_at, provider, model, priced_model, input_tokens, " +
                "cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, " +
                "pricing_status, price_ref_id, is_batch, tags, source_id, latency_ms, source_cost_nano, service_tier FROM request_costs WHERE 1=1" +
                SqliteQueryFilters.RowFilters(query, cmd) + " ORDER BY occurred_at, request_row";
            // Optimisation (docs/benchmarks.md, "Re-pricing"): rows read through a native statement, and the price and
            // source labels from LabelTexts instead of a subquery per row.
            var labels = new LabelTexts(conn);
            string? Label(RawStatement st, int column) => st.ColumnIsNull(column) ? null : labels.Of(st.ColumnInt64(column));

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
                    Tags = StoredTags.Decode(r.ColumnTextOrNull(19)),
                    Source = Label(r, 20),
                    LatencyMs = r.ColumnIsNull(21) ? null : r.ColumnDouble(21),
                    SourceCostNano = r.ColumnIsNull(22) ? null : r.ColumnInt64(22),
                    ServiceTier = r.ColumnTextOrNull(23),
                };
            }
        }
    }
}
