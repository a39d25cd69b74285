using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmCost.Core.Time
{
    /// <summary>
    /// What a time given by a user means, the same in every front end: a time with an offset (or Z), or a .NET local
    /// time, is that instant; a wall time without an offset is read in the query's time zone (UTC when none is given),
    /// the zone its day and month groups use too.
    /// </summary>
    public static class TimeInput
    {
        // A date, an optional time, and an offset only after the time (so the '-01' of a date is not taken for one).
        private static readonly Regex IsoLike = new Regex(
            @"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?<offset>Z|[+-]\d{2}:?\d{2})?)?\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The UTC instant of <paramref name="time"/>; an unspecified-kind time is a wall time in <paramref name="zone"/>.</summary>
        public static DateTime ToUtc(DateTime time, TimeZoneInfo? zone)
        {
            switch (time.Kind)
            {
                case DateTimeKind.Utc: return time;
                case DateTimeKind.Local: return time.ToUniversalTime();
                default: return CalendarPeriods.LocalToUtc(time, zone ?? TimeZoneInfo.Utc);
            }
        }

        /// <summary>As <see cref="ToUtc(DateTime, TimeZoneInfo?)"/> for an optional time (a parameter not given stays null).</summary>
        public static DateTime? ToUtc(DateTime? time, TimeZoneInfo? zone) => time.HasValue ? ToUtc(time.Value, zone) : (DateTime?)null;

        /// <summary>
        /// Parses an ISO 8601 date or time: with an offset or Z, a UTC time; without, an unspecified-kind wall time for
        /// <see cref="ToUtc(DateTime, TimeZoneInfo?)"/>. Null when the text is not a date.
        /// </summary>
        public static DateTime? Parse(string text)
        {
            var m = IsoLike.Match(text);
            if (m.Success && !m.Groups["offset"].Success)
            {
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)
                    ? DateTime.SpecifyKind(wall, DateTimeKind.Unspecified)
                    : (DateTime?)null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto)
                ? dto.UtcDateTime
                : (DateTime?)null;
        }

        /// <summary>Throws InvalidRange when <paramref name="since"/> is after <paramref name="until"/>.</summary>
        public static void CheckRange(DateTime? since, DateTime? until)
        {
            if (since.HasValue && until.HasValue && since.Value > until.Value)
            {
                throw new LlmCostException("InvalidRange",
                    $"The range starts after it ends: since {since.Value:yyyy-MM-dd HH:mm:ss}Z is after until {until.Value:yyyy-MM-dd HH:mm:ss}Z.");
            }
        }
    }
}
