using System;

namespace LlmCost.Core.Queries
{
    /// <summary>One group of a grouped cost query.</summary>
    public sealed class CostGroup
    {
        public CostGrouping GroupBy { get; set; }
        /// <summary>The group's key: session id, model, provider, tag, or the period start as yyyy-MM-dd (yyyy-MM for months).</summary>
        public string Key { get; set; } = "";
        /// <summary>For time groups: the period's start in the query's time zone (local wall time) and in UTC.</summary>
        public DateTime? PeriodStart { get; set; }
        public DateTime? PeriodStartUtc { get; set; }
        /// <summary>For model groups, the model's provider.</summary>
        public string? Provider { get; set; }
        public CostTotals Totals { get; set; } = new CostTotals();
    }
}
