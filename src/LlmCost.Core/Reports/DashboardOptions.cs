using System;

namespace LlmCost.Core.Reports
{
    /// <summary>What a dashboard covers: a range (UTC, [Since, Until)), the time zone of its days, and "now".</summary>
    public sealed class DashboardOptions
    {
        /// <summary>Start of the range; default 29 days before the as-of day (30 days in all).</summary>
        public DateTime? Since { get; set; }
        /// <summary>End of the range (exclusive); default now.</summary>
        public DateTime? Until { get; set; }
        /// <summary>Days, weeks and months are counted in this zone; UTC when null.</summary>
        public TimeZoneInfo? TimeZone { get; set; }
        /// <summary>The current time (UTC); for tests.</summary>
        public DateTime? NowUtc { get; set; }
        /// <summary>How many sessions the top-sessions table shows.</summary>
        public int TopSessions { get; set; } = 10;
    }
}
