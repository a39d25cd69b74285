using System;
using System.Collections.Generic;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Which summaries a query reads (<see cref="RollupLevel"/>) and where a stretch of its range is read from, coarsest
    /// first (this enum).
    /// </summary>
    internal enum RollupSource
    {
        /// <summary>Whole UTC months (by model only).</summary>
        Months,
        /// <summary>Whole UTC days.</summary>
        Days,
        /// <summary>Whole hours.</summary>
        Hours,
        /// <summary>request_costs: anything, row by row.</summary>
        Requests,
    }

    /// <summary>The summaries a query needs: the smallest whose key holds everything it filters or groups by.</summary>
    internal enum RollupLevel
    {
        /// <summary>A session filter or grouping: cost_rollups_daily_by_session, cost_rollups_hourly.</summary>
        Session,
        /// <summary>A provider, model or tag filter or grouping: cost_rollups_daily_by_model, cost_rollups_hourly_by_model.</summary>
        Model,
        /// <summary>Nothing but a calendar period: cost_rollups_daily_total, cost_rollups_hourly_total.</summary>
        Total,
    }

    /// <summary>
    /// A stretch [From, To) of a query's range (null = unbounded) read from one source. <see cref="OffsetMs"/> is the time
    /// zone's UTC offset when it is the same over the whole stretch, so a day or week can be bucketed in SQL.
    /// </summary>
    internal readonly struct RollupPiece
    {
        public RollupPiece(RollupSource source, long? from, long? to, long? offsetMs, long? cutMsOfDay = null, bool correctAfterCut = false)
        {
            Source = source;
            From = from;
            To = to;
            OffsetMs = offsetMs;
            CutMsOfDay = cutMsOfDay;
            CorrectAfterCut = correctAfterCut;
        }

        public RollupSource Source { get; }
        public long? From { get; }
        public long? To { get; }
        public long? OffsetMs { get; }

        /// <summary>
        /// For <see cref="RollupSource.Days"/> pieces whose days a local period boundary cuts at this UTC time of day (a
        /// whole hour): each day is read whole from the daily summaries for the period of one side of the cut, and the
        /// hours of the other side (the shorter one, <see cref="CorrectAfterCut"/> when it is the one after the cut) are
        /// moved to their own period from the hourly summaries: subtracted from the day, added to their period.
        /// </summary>
        public long? CutMsOfDay { get; }
        public bool CorrectAfterCut { get; }
    }

    /// <summary>
    /// Splits a query's range into the coarsest summaries that answer it exactly (optimisation of the SQLite adapter,
    /// docs/benchmarks.md "Queries"). Minutes at the edges come from request rows, whole hours from the hourly summaries,
    /// whole UTC days from the daily ones and, for groupings no finer than a UTC month, whole UTC months from the monthly ones. With a calendar grouping in a time zone, a UTC day that a local period
    /// boundary cuts is read whole from the daily summaries and the hours on the shorter side of the cut are moved to
    /// their period from the hourly summaries (in zones with half-hour offsets such days are read row by row), so every
    /// group stays exact.
    /// </summary>
    internal static class RollupPlan
    {
        public const long MinuteMs = 60_000L;
        public const long HourMs = 3_600_000L;
        public const long DayMs = 86_400_000L;

        /// <summary>
        /// The pieces for [since, until) (UTC ms, null = unbounded). <paramref name="rowsOnly"/>: the query needs request
        /// rows (unpriced only); <paramref name="monthsKept"/>: the level read has monthly summaries;
        /// <paramref name="period"/>: its calendar grouping in <paramref name="tz"/>, if any;
        /// <paramref name="extent"/>: the first and last stored day (UTC ms), asked only when an unbounded range must be
        /// walked day by day, null when the store is empty.
        /// </summary>
        public static List<RollupPiece> For(long? since, long? until, bool rowsOnly, bool monthsKept, CostGrouping? period, TimeZoneInfo tz,
            Func<(long First, long Last)?> extent)
        {
            var pieces = new List<RollupPiece>();
            bool wholeHourZone = HasWholeHourOffsets(tz);
            bool utcLike = tz.BaseUtcOffset == TimeSpan.Zero && !tz.SupportsDaylightSavingTime;
            // Hourly summaries answer a calendar grouping only when every period boundary is on a whole hour.
            bool hoursExact = period == null || wholeHourZone;

            if (rowsOnly)
            {
                pieces.Add(new RollupPiece(RollupSource.Requests, since, until, null));
                return pieces;
            }

            long? h0 = since.HasValue ? CeilTo(since.Value, HourMs) : (long?)null;
            long? h1 = until.HasValue ? FloorTo(until.Value, HourMs) : (long?)null;
            if (h0.HasValue && h1.HasValue && h0 >= h1)
            {
                pieces.Add(new RollupPiece(RollupSource.Requests, since, until, null));
                return pieces;
            }

            if (since.HasValue && since < h0) pieces.Add(new RollupPiece(RollupSource.Requests, since, h0, null));
            RollupSource hourSource = !hoursExact ? RollupSource.Requests : RollupSource.Hours;
            long? d0 = h0.HasValue ? CeilTo(h0.Value, DayMs) : (long?)null;
            long? d1 = h1.HasValue ? FloorTo(h1.Value, DayMs) : (long?)null;
            if (d0.HasValue && d1.HasValue && d0 >= d1)
            {
                Add(pieces, new RollupPiece(hourSource, h0, h1, ConstantOffset(tz, period, h0!.Value, h1!.Value)));
            }
            else
            {
                if (h0.HasValue && h0 < d0) Add(pieces, new RollupPiece(hourSource, h0, d0, ConstantOffset(tz, period, h0.Value, d0!.Value)));
                if (period == null || utcLike && period != CostGrouping.Hour)
                {
                    // Every UTC day lies inside one group: all whole days come from the daily summaries, and so do whole
                    // UTC months from the monthly ones where the grouping has nothing finer than a month.
                    long? offset = period == null ? (long?)null : 0L;
                    long? m0 = d0.HasValue ? CeilToMonth(d0.Value) : (long?)null;
                    long? m1 = d1.HasValue ? FloorToMonth(d1.Value) : (long?)null;
                    if (!monthsKept || (period != null && period != CostGrouping.Month) || (m0.HasValue && m1.HasValue && m0 >= m1))
                    {
                        pieces.Add(new RollupPiece(RollupSource.Days, d0, d1, offset));
                    }
                    else
                    {
                        if (d0.HasValue && d0 < m0) pieces.Add(new RollupPiece(RollupSource.Days, d0, m0, offset));
                        pieces.Add(new RollupPiece(RollupSource.Months, m0, m1, offset));
                        if (d1.HasValue && m1 < d1) pieces.Add(new RollupPiece(RollupSource.Days, m1, d1, offset));
                    }
                }
                else
                {
                    AddDayByDay(pieces, d0, d1, period.Value, tz, hourSource, extent);
                }

                if (h1.HasValue && d1 < h1) Add(pieces, new RollupPiece(hourSource, d1, h1, ConstantOffset(tz, period, d1!.Value, h1.Value)));
            }

            if (until.HasValue && h1 < until) pieces.Add(new RollupPiece(RollupSource.Requests, h1, until, null));
            return pieces;
        }

        /// <summary>Whole days in a zone with offsets: each day from the daily summaries unless a period boundary cuts it.</summary>
        private static void AddDayByDay(List<RollupPiece> pieces, long? d0, long? d1, CostGrouping period, TimeZoneInfo tz,
            RollupSource cutSource, Func<(long First, long Last)?> extent)
        {
            if (!d0.HasValue || !d1.HasValue)
            {
                var stored = extent();
                if (stored == null) return;
                if (!d0.HasValue || d0 < stored.Value.First) d0 = stored.Value.First;
                long end = stored.Value.Last + DayMs;
                if (!d1.HasValue || d1 > end) d1 = end;
            }

            for (long d = d0.Value; d < d1.Value; d += DayMs)
            {
                if (period == CostGrouping.Hour)
                {
                    Add(pieces, new RollupPiece(cutSource, d, d + DayMs, null));
                    continue;
                }

                long lastStart = PeriodStartUtc(d + DayMs - 1, period, tz);
                if (lastStart <= d)
                {
                    Add(pieces, new RollupPiece(RollupSource.Days, d, d + DayMs, ConstantOffset(tz, period, d, d + DayMs)));
                }
                else if (cutSource == RollupSource.Hours && lastStart % HourMs == 0 && PeriodStartUtc(lastStart - 1, period, tz) <= d)
                {
                    // One boundary, on a whole hour: the day from the daily summaries, the shorter side moved by the hour.
                    long cut = lastStart - d;
                    bool after = DayMs - cut <= cut;
                    Add(pieces, new RollupPiece(RollupSource.Days, d, d + DayMs, ConstantOffset(tz, period, d, d + DayMs), cut, after));
                }
                else
                {
                    Add(pieces, new RollupPiece(cutSource, d, d + DayMs, ConstantOffset(tz, period, d, d + DayMs)));
                }
            }
        }

        /// <summary>Appends, joining with the previous piece when it is the same source, adjacent and equally offset.</summary>
        private static void Add(List<RollupPiece> pieces, RollupPiece piece)
        {
            if (pieces.Count > 0)
            {
                var last = pieces[pieces.Count - 1];
                if (last.Source == piece.Source && last.To.HasValue && last.To == piece.From && last.OffsetMs == piece.OffsetMs &&
                    last.CutMsOfDay == piece.CutMsOfDay && last.CorrectAfterCut == piece.CorrectAfterCut)
                {
                    pieces[pieces.Count - 1] = new RollupPiece(last.Source, last.From, piece.To, last.OffsetMs, last.CutMsOfDay, last.CorrectAfterCut);
                    return;
                }
            }

            pieces.Add(piece);
        }

        /// <summary>The zone's offset over [from, to) when it does not change there and a day or week can use it; else null.</summary>
        private static long? ConstantOffset(TimeZoneInfo tz, CostGrouping? period, long from, long to)
        {
            if (period != CostGrouping.Day && period != CostGrouping.Week) return null;
            var a = tz.GetUtcOffset(UnixMs.ToUtc(from));
            var b = tz.GetUtcOffset(UnixMs.ToUtc(to - 1));
            return a == b ? (long)a.TotalMilliseconds : (long?)null;
        }

        private static long PeriodStartUtc(long ms, CostGrouping period, TimeZoneInfo tz) =>
            UnixMs.From(CalendarPeriods.Start(UnixMs.ToUtc(ms), period, tz).Utc);

        public static bool HasWholeHourOffsets(TimeZoneInfo tz)
        {
            if (tz.BaseUtcOffset.Ticks % TimeSpan.TicksPerHour != 0) return false;
            foreach (var rule in tz.GetAdjustmentRules())
            {
                if (rule.DaylightDelta.Ticks % TimeSpan.TicksPerHour != 0) return false;
            }

            return true;
        }

        /// <summary>The start of the UTC month holding <paramref name="ms"/>, as Unix ms.</summary>
        public static long FloorToMonth(long ms)
        {
            var t = UnixMs.ToUtc(ms);
            return UnixMs.From(new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        private static long CeilToMonth(long ms)
        {
            long floor = FloorToMonth(ms);
            return floor == ms ? ms : UnixMs.From(UnixMs.ToUtc(floor).AddMonths(1));
        }

        public static long FloorTo(long ms, long unit) => (long)Math.Floor(ms / (double)unit) * unit;

        public static long CeilTo(long ms, long unit) => FloorTo(ms, unit) == ms ? ms : FloorTo(ms, unit) + unit;
    }
}
