using System;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Time
{
    /// <summary>
    /// What an hour, day, week (Monday first) or calendar month is in a time zone: the one place for it, used by
    /// grouped queries, budgets and anomaly detection.
    /// </summary>
    public static class CalendarPeriods
    {
        /// <summary>The start of the period containing <paramref name="utc"/> in <paramref name="tz"/>: local wall time and UTC.</summary>
        public static (DateTime Local, DateTime Utc) Start(DateTime utc, CostGrouping grouping, TimeZoneInfo tz)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), tz);
            DateTime start = grouping switch
            {
                CostGrouping.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
                CostGrouping.Day => local.Date,
                CostGrouping.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
                CostGrouping.Month => new DateTime(local.Year, local.Month, 1),
                _ => local,
            };
            start = DateTime.SpecifyKind(start, DateTimeKind.Unspecified);
            return (start, LocalToUtc(start, tz));
        }

        /// <summary>The period [start, end) in UTC that contains <paramref name="utc"/>.</summary>
        public static (DateTime StartUtc, DateTime EndUtc) Containing(DateTime utc, CostGrouping grouping, TimeZoneInfo tz)
        {
            var (local, startUtc) = Start(utc, grouping, tz);
            return (startUtc, LocalToUtc(Next(local, grouping), tz));
        }

        /// <summary>The local start of the period after the one starting at <paramref name="localStart"/>.</summary>
        public static DateTime Next(DateTime localStart, CostGrouping grouping) => grouping switch
        {
            CostGrouping.Hour => localStart.AddHours(1),
            CostGrouping.Day => localStart.AddDays(1),
            CostGrouping.Week => localStart.AddDays(7),
            CostGrouping.Month => localStart.AddMonths(1),
            _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "not a calendar period"),
        };

        /// <summary>Converts a local wall time to UTC; a time skipped by a DST jump moves forward to the first valid instant.</summary>
        public static DateTime LocalToUtc(DateTime local, TimeZoneInfo tz)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            while (tz.IsInvalidTime(unspecified)) unspecified = unspecified.AddMinutes(15);
            return TimeZoneInfo.ConvertTimeToUtc(unspecified, tz);
        }
    }
}
