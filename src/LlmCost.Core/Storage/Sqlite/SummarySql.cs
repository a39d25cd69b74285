using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmCost.Core.Queries;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// The SQL of a summary query (<see cref="SqliteCostReader.GetCosts"/>): which summary table a query reads, and the
    /// parts that read each piece of its <see cref="RollupPlan"/> with the buckets that map rows to local periods.
    /// </summary>
    internal static class SummarySql
    {
        private static readonly string[] SumNames =
        {
            "requests", "unpriced_requests", "input_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
            "output_tokens", "reasoning_tokens", "cost_nano",
        };

        /// <summary>
        /// One source's rows, already summed per group key (so the union that adds the pieces up carries few rows);
        /// <paramref name="factor"/> multiplies each row's counts (the sign of hours moved out of a day).
        /// </summary>
        internal static string Part(List<string> keyCols, string bucket, RollupSource source, RollupLevel level, string where, string? from = null, string factor = "")
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
        internal static string DayRanges(List<RollupPiece> dayPieces, SqliteCommand cmd)
        {
            var ranges = new List<(long? From, long? To)>();
            foreach (var p in dayPieces)
            {
                if (ranges.Count > 0 && ranges[ranges.Count - 1].To == p.From) ranges[ranges.Count - 1] = (ranges[ranges.Count - 1].From, p.To);
                else ranges.Add((p.From, p.To));
            }

            if (ranges.Count == 1) return SqliteQueryFilters.RangeSql("day_start", ranges[0].From, ranges[0].To, cmd, "d0");
            var any = new List<string>();
            for (int i = 0; i < ranges.Count; i++)
            {
                string range = SqliteQueryFilters.RangeSql("day_start", ranges[i].From, ranges[i].To, cmd, "d" + i.ToString(CultureInfo.InvariantCulture));
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
        internal static string DayBucket(List<RollupPiece> dayPieces, CostGrouping? period)
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
        internal static string? MovedHoursSource(List<RollupPiece> dayPieces, RollupLevel level)
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
        internal static string MovedHourBucket(CostGrouping? period)
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
        internal static RollupLevel LevelOf(CostQuery q)
        {
            if (q.Groupings.Contains(CostGrouping.Session) || (q.Sessions != null && q.Sessions.Count > 0)) return RollupLevel.Session;
            bool other = q.Groupings.Any(k => !CostGroupings.IsCalendarPeriod(k) && k != CostGrouping.None) ||
                         q.Providers?.Count > 0 || q.Models?.Count > 0 || q.Tags?.Count > 0;
            return other ? RollupLevel.Model : RollupLevel.Total;
        }

        /// <summary>The table of a source at a level.</summary>
        internal static string Table(RollupSource source, RollupLevel level) => source switch
        {
            RollupSource.Requests => "request_costs",
            RollupSource.Months => level == RollupLevel.Model ? "cost_rollups_monthly_by_model" : throw new InvalidOperationException("Monthly summaries are kept by model only."),
            RollupSource.Hours => level == RollupLevel.Session ? "cost_rollups_hourly" : level == RollupLevel.Model ? "cost_rollups_hourly_by_model" : "cost_rollups_hourly_total",
            _ => level == RollupLevel.Session ? "cost_rollups_daily_by_session" : level == RollupLevel.Model ? "cost_rollups_daily_by_model" : "cost_rollups_daily_total",
        };

        internal static string TimeColumn(RollupSource source) => source switch
        {
            RollupSource.Requests => "occurred_at",
            RollupSource.Days => "day_start",
            RollupSource.Months => "month_start",
            _ => "hour_start",
        };

        /// <summary>
        /// The SQL that buckets a piece's rows for a calendar grouping. With a constant offset, days and weeks are bucketed
        /// in SQL (fewer rows to return); otherwise rows are returned per hour (per minute in zones with half-hour
        /// offsets) or per stored day. SqliteCostReader maps every bucket to its local period.
        /// </summary>
        internal static string Bucket(string column, RollupPiece piece, CostGrouping? period, TimeZoneInfo tz)
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
    }
}
