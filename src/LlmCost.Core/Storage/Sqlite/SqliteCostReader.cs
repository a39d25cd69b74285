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
    /// (<see cref="RollupPlan"/>) and only the minutes at the edges of a range (and unpriced-only queries) from request rows.
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
            var level = LevelOf(query);

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
            string filters = Filters(query, cmd);
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

                string where = filters + RangeSql(TimeColumn(p.Source), p.From, p.To, cmd, "r" + i.ToString(CultureInfo.InvariantCulture));
                parts.Add(Part(keyCols, Bucket(TimeColumn(p.Source), p, period, tz), p.Source, level, where));
            }

            // Optimisation (docs/benchmarks.md, "Queries"): every whole day is read in one pass over the daily summaries, and
            // the hours moved out of cut days in one more, however many pieces the plan has (a year by day in a zone with
            // summer time has three, by week over a hundred); each extra part costs about as much as a whole pass.
            if (dayPieces.Count > 0)
            {
                parts.Add(Part(keyCols, DayBucket(dayPieces, period), RollupSource.Days, level, filters + DayRanges(dayPieces, cmd)));
                string? moved = MovedHoursSource(dayPieces, level);
                if (moved != null)
                {
                    parts.Add(Part(keyCols, MovedHourBucket(period), RollupSource.Hours, level,
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

        private static readonly string[] SumNames =
        {
            "requests", "unpriced_requests", "input_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
            "output_tokens", "reasoning_tokens", "cost_nano",
        };

        /// <summary>
        /// One source's rows, already summed per group key (so the union that adds the pieces up carries few rows);
        /// <paramref name="factor"/> multiplies each row's counts (the sign of hours moved out of a day).
        /// </summary>
        private static string Part(List<string> keyCols, string bucket, RollupSource source, RollupLevel level, string where, string? from = null, string factor = "")
        {
            bool rows = source == RollupSource.Requests;
            string table = Table(source, level);
            var select = new List<string>();
            foreach (var c in keyCols)
            {
                select.Add(c switch
                {
                    "bucket" => bucket + " AS bucket",
                    "session_id" => rows ? "COALESCE(session_id, '') AS session_id" : level == RollupLevel.Session ? "session_id" : "'' AS session_id",
                    "tags" => rows ? "COALESCE(tags, '') AS tags" : "tags",
                    _ => c,
                });
            }

            // Totals hold one row per hour or day: grouped by a period there is nothing to sum per part, and ReadGroups
            // adds the rows up anyway (a per-part grouping here cost a third of a year-by-day query).
            bool perRow = !rows && level == RollupLevel.Total && keyCols.Count > 0;
            foreach (var n in SumNames)
            {
                string sum = perRow ? factor + n
                    : !rows ? $"SUM({factor}{n})"
                    : n == "requests" ? "COUNT(*)"
                    : n == "unpriced_requests" ? "SUM(cost_nano IS NULL)"
                    : n == "cost_nano" ? "SUM(COALESCE(cost_nano, 0))"
                    : $"SUM({n})";
                select.Add($"{sum} AS {n}");
            }

            var sql = new StringBuilder("SELECT ").Append(string.Join(", ", select)).Append(" FROM ").Append(from ?? table)
                .Append(rows ? " WHERE 1=1" : " WHERE requests <> 0").Append(where);
            if (keyCols.Count > 0 && !perRow) sql.Append(" GROUP BY ").Append(string.Join(", ", Enumerable.Range(1, keyCols.Count)));
            return sql.ToString();
        }

        /// <summary>The day pieces' ranges as one condition on day_start (adjacent ranges joined).</summary>
        private static string DayRanges(List<RollupPiece> dayPieces, SqliteCommand cmd)
        {
            var ranges = new List<(long? From, long? To)>();
            foreach (var p in dayPieces)
            {
                if (ranges.Count > 0 && ranges[ranges.Count - 1].To == p.From) ranges[ranges.Count - 1] = (ranges[ranges.Count - 1].From, p.To);
                else ranges.Add((p.From, p.To));
            }

            if (ranges.Count == 1) return RangeSql("day_start", ranges[0].From, ranges[0].To, cmd, "d0");
            var any = new List<string>();
            for (int i = 0; i < ranges.Count; i++)
            {
                string range = RangeSql("day_start", ranges[i].From, ranges[i].To, cmd, "d" + i.ToString(CultureInfo.InvariantCulture));
                any.Add("(" + range.Substring(" AND ".Length) + ")");
            }

            return " AND (" + string.Join(" OR ", any) + ")";
        }

        /// <summary>
        /// The bucket of a whole stored day: an instant inside the local period it belongs to. A day that a period
        /// boundary cuts belongs to the side that is not moved: its start when the hours after the cut move, its last hour
        /// when the hours before it move; a day no boundary cuts can take either, so it joins its neighbours' rule. Where
        /// the zone's offset is the same all day, days and weeks are bucketed in SQL (<see cref="Arithmetic"/>).
        /// </summary>
        private static string DayBucket(List<RollupPiece> dayPieces, CostGrouping? period)
        {
            if (period == null) return "0";
            var runs = new List<(long? To, long? Shift, long? Offset)>();
            foreach (var p in dayPieces)
            {
                long? shift = p.CutMsOfDay == null ? (long?)null : p.CorrectAfterCut ? 0 : RollupPlan.DayMs - RollupPlan.HourMs;
                if (runs.Count > 0)
                {
                    var last = runs[runs.Count - 1];
                    if (last.Offset == p.OffsetMs && (shift == null || last.Shift == null || shift == last.Shift))
                    {
                        runs[runs.Count - 1] = (p.To, last.Shift ?? shift, last.Offset);
                        continue;
                    }
                }

                runs.Add((p.To, shift, p.OffsetMs));
            }

            string Expr((long? To, long? Shift, long? Offset) run)
            {
                string x = (run.Shift ?? 0) == 0 ? "day_start" : $"(day_start + {run.Shift})";
                return run.Offset.HasValue && (period == CostGrouping.Day || period == CostGrouping.Week) ? Arithmetic(x, run.Offset.Value.ToString(CultureInfo.InvariantCulture), period.Value) : x;
            }

            if (runs.Count == 1) return Expr(runs[0]);
            var sql = new StringBuilder("CASE");
            for (int i = 0; i < runs.Count - 1; i++)
            {
                sql.Append(" WHEN day_start < ").Append(runs[i].To!.Value.ToString(CultureInfo.InvariantCulture)).Append(" THEN ").Append(Expr(runs[i]));
            }

            return sql.Append(" ELSE ").Append(Expr(runs[runs.Count - 1])).Append(" END").ToString();
        }

        /// <summary>
        /// The hours moved out of cut days, each read once and counted twice through the sign table sg: added to their own
        /// period (k = 1) and taken from the day's (k = -1). The cut days come from a recursive table seeded with one row
        /// per run of days cut alike (d: first day, dstep: days apart, dlast: last day, [lo, hi): the moved hours of the
        /// day, sh: the day's bucket shift, zoff: the zone's offset that day or NULL), so each day's hours are found by the
        /// hourly table's key. Null when no day is cut.
        /// </summary>
        private static string? MovedHoursSource(List<RollupPiece> dayPieces, RollupLevel level)
        {
            const long Day = RollupPlan.DayMs, Hour = RollupPlan.HourMs;
            var seeds = new List<(long First, long Step, long Last, long Lo, long Hi, long Shift, long? Offset)>();
            foreach (var p in dayPieces)
            {
                if (!(p.CutMsOfDay is long cut)) continue;
                long first = p.From!.Value, last = p.To!.Value - Day;
                long lo = p.CorrectAfterCut ? cut : 0, hi = p.CorrectAfterCut ? Day : cut, shift = p.CorrectAfterCut ? 0 : Day - Hour;
                if (seeds.Count > 0 && first == last)
                {
                    // Single cut days at a steady distance (a week boundary every seven days) share one seed.
                    var s = seeds[seeds.Count - 1];
                    if (s.Lo == lo && s.Hi == hi && s.Shift == shift && s.Offset == p.OffsetMs && (s.First == s.Last || first - s.Last == s.Step))
                    {
                        seeds[seeds.Count - 1] = (s.First, first - s.Last, first, lo, hi, shift, s.Offset);
                        continue;
                    }
                }

                seeds.Add((first, Day, last, lo, hi, shift, p.OffsetMs));
            }

            if (seeds.Count == 0) return null;
            string Sql(long v) => v.ToString(CultureInfo.InvariantCulture);
            var values = seeds.Select(s => $"({Sql(s.First)}, {Sql(s.Step)}, {Sql(s.Last)}, {Sql(s.Lo)}, {Sql(s.Hi)}, {Sql(s.Shift)}, {(s.Offset.HasValue ? Sql(s.Offset.Value) : "NULL")})");
            return "(WITH RECURSIVE cut_days(d, dstep, dlast, lo, hi, sh, zoff) AS (VALUES " + string.Join(", ", values) +
                   " UNION ALL SELECT d + dstep, dstep, dlast, lo, hi, sh, zoff FROM cut_days WHERE d + dstep <= dlast) SELECT d, lo, hi, sh, zoff FROM cut_days) AS cd " +
                   "CROSS JOIN " + Table(RollupSource.Hours, level) + " CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) AS sg";
        }

        /// <summary>The bucket of a moved hour: its own hour (k = 1), or the bucket of the day it leaves (k = -1).</summary>
        private static string MovedHourBucket(CostGrouping? period)
        {
            string Bucketed(string x) => period == CostGrouping.Day || period == CostGrouping.Week
                ? $"CASE WHEN cd.zoff IS NULL THEN {x} ELSE {Arithmetic(x, "cd.zoff", period.Value)} END"
                : x;
            return $"CASE WHEN sg.k = 1 THEN {Bucketed("hour_start")} ELSE {Bucketed("(cd.d + cd.sh)")} END";
        }

        /// <summary>
        /// The summaries a query reads: the per-session ones when it filters or groups by session, the ones by model when
        /// it filters or groups by provider, model or tag, else the totals.
        /// </summary>
        private static RollupLevel LevelOf(CostQuery q)
        {
            if (q.Groupings.Contains(CostGrouping.Session) || (q.Sessions != null && q.Sessions.Count > 0)) return RollupLevel.Session;
            bool other = q.Groupings.Any(k => !CostGroupings.IsCalendarPeriod(k) && k != CostGrouping.None) ||
                         q.Providers?.Count > 0 || q.Models?.Count > 0 || q.Tags?.Count > 0;
            return other ? RollupLevel.Model : RollupLevel.Total;
        }

        /// <summary>The table of a source at a level.</summary>
        private static string Table(RollupSource source, RollupLevel level) => source switch
        {
            RollupSource.Requests => "request_costs",
            RollupSource.Months => level == RollupLevel.Model ? "cost_rollups_monthly_by_model" : throw new InvalidOperationException("Monthly summaries are kept by model only."),
            RollupSource.Hours => level == RollupLevel.Session ? "cost_rollups_hourly" : level == RollupLevel.Model ? "cost_rollups_hourly_by_model" : "cost_rollups_hourly_total",
            _ => level == RollupLevel.Session ? "cost_rollups_daily_by_session" : level == RollupLevel.Model ? "cost_rollups_daily_by_model" : "cost_rollups_daily_total",
        };

        private static string TimeColumn(RollupSource source) => source switch
        {
            RollupSource.Requests => "occurred_at",
            RollupSource.Days => "day_start",
            RollupSource.Months => "month_start",
            _ => "hour_start",
        };

        /// <summary>
        /// The SQL that buckets a piece's rows for a calendar grouping. With a constant offset, days and weeks are bucketed
        /// in SQL (fewer rows to return); otherwise rows are returned per hour (per minute in zones with half-hour
        /// offsets) or per stored day. <see cref="ReadGroups"/> maps every bucket to its local period.
        /// </summary>
        private static string Bucket(string column, RollupPiece piece, CostGrouping? period, TimeZoneInfo tz)
        {
            if (period == null) return "0";
            if (piece.OffsetMs.HasValue && (period == CostGrouping.Day || period == CostGrouping.Week))
            {
                // The bucket is an instant in the middle of the row's local day (Thursday noon of its week), not the period's
                // start: the offset is the row's own, and the day may have begun under another one (a DST change at 02:00).
                // ReadGroups maps it to the period's real start.
                return Arithmetic(column, piece.OffsetMs.Value.ToString(CultureInfo.InvariantCulture), period.Value);
            }

            if (piece.Source != RollupSource.Requests) return column;
            long unit = RollupPlan.HasWholeHourOffsets(tz) ? RollupPlan.HourMs : RollupPlan.MinuteMs;
            return $"({column} / {unit}) * {unit}";
        }

        /// <summary>
        /// An instant in the middle of the local day (Thursday noon of the local week) of instant <paramref name="x"/>, whose
        /// zone offset is <paramref name="offset"/> (SQL expressions, both).
        /// </summary>
        private static string Arithmetic(string x, string offset, CostGrouping period)
        {
            const long Day = RollupPlan.DayMs;
            return period == CostGrouping.Day
                ? $"(({x} + {offset}) / {Day}) * {Day} + {Day / 2} - {offset}"
                // 1970-01-01 was a Thursday: shifted by three days, whole weeks start on Mondays; +3.5 days is Thursday noon.
                : $"(({x} + {offset} + {3 * Day}) / {7 * Day}) * {7 * Day} + {Day / 2} - {offset}";
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
            cmd.CommandText = "SELECT MIN(day_start), MAX(day_start) FROM " + Table(RollupSource.Days, level);
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
            string filters = Filters(query, cmd);
            long? since = query.Since.HasValue ? UnixMs.From(query.Since.Value) : (long?)null;
            long? until = query.Until.HasValue ? UnixMs.From(query.Until.Value) : (long?)null;
            cmd.CommandText =
                "SELECT request_row, request_key, " + SqliteRequestWriter.RequestIdSql + ", session_id, occurred_at, provider, model, priced_model, input_tokens, " +
                "cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, " +
                "pricing_status, price_ref_id, is_batch, tags, source_id, latency_ms, source_cost_nano FROM request_costs WHERE 1=1" + filters +
                RangeSql("occurred_at", since, until, cmd, "r") + " ORDER BY occurred_at, request_row";
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
