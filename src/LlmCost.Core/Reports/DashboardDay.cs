using System;
using System.Collections.Generic;

namespace LlmCost.Core.Reports
{
    /// <summary>One day of the trend: its cost per provider.</summary>
    public sealed class DashboardDay
    {
        /// <summary>The day's date in the dashboard's time zone.</summary>
        public DateTime Day { get; set; }
        /// <summary>Cost per provider that day, USD (providers without usage that day are absent).</summary>
        public IDictionary<string, decimal> CostByProvider { get; set; } = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
    }
}
