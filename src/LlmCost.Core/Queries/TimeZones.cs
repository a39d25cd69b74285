using System;

namespace LlmCost.Core.Queries
{
    public static class TimeZones
    {
        /// <summary>The zone with this IANA (or Windows) id; <see cref="LlmCostException"/> InvalidTimeZone otherwise.</summary>
        public static TimeZoneInfo Find(string id)
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw new LlmCostException("InvalidTimeZone", $"Unknown time zone '{id}': use an IANA id such as Europe/Berlin.", ex);
            }
        }
    }
}
