using System;

namespace LlmCost.Core.Budgets
{
    /// <summary>A day (or a session) whose spend is far outside the recent norm of its scope.</summary>
    public sealed class CostAnomaly
    {
        /// <summary><c>all</c>, <c>provider</c>, <c>model</c> (provider/model) or <c>session</c>.</summary>
        public string ScopeKind { get; set; } = "";
        public string Scope { get; set; } = "";
        /// <summary>The local day examined (for session anomalies: the first day of the examined range).</summary>
        public DateTime Day { get; set; }
        public DateTime DayStartUtc { get; set; }
        public decimal Spent { get; set; }
        /// <summary>Median of the norm.</summary>
        public decimal Expected { get; set; }
        public decimal ExpectedLow { get; set; }
        public decimal ExpectedHigh { get; set; }
        /// <summary>Spent minus the median.</summary>
        public decimal Deviation { get; set; }
        /// <summary>Robust z-score: deviation / (1.4826 x MAD), with a floor of 10 % of the median; positive for spikes.</summary>
        public double Score { get; set; }
        public string Direction => Score >= 0 ? "spike" : "drop";
        public int HistoryDays { get; set; }
    }
}
