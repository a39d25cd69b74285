using System;

namespace LlmCost.Core.Time
{
    /// <summary>Instants as milliseconds since 1970-01-01 UTC: how stores keep times and how request keys hash them.</summary>
    public static class UnixMs
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>A time of unspecified kind is taken as UTC.</summary>
        public static long From(DateTime time)
        {
            var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
            return (utc - Epoch).Ticks / TimeSpan.TicksPerMillisecond;
        }

        public static DateTime ToUtc(long ms) => Epoch.AddTicks(ms * TimeSpan.TicksPerMillisecond);
    }
}
