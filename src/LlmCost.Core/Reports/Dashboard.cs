using System;
using System.Collections.Generic;
using LlmCost.Core.Budgets;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Reports
{
    /// <summary>Everything a dashboard shows, gathered from the store at one moment (<see cref="DashboardBuilder"/>).</summary>
    public sealed class Dashboard
    {
        public DateTime GeneratedUtc { get; set; }
        /// <summary>The moment "today", "this week" and "this month" are counted from: now, or the end of a past range.</summary>
        public DateTime AsOfUtc { get; set; }
        public string TimeZone { get; set; } = "UTC";
        public DateTime SinceUtc { get; set; }
        public DateTime UntilUtc { get; set; }
        public CostTotals Range { get; set; } = new CostTotals();
        public CostTotals Today { get; set; } = new CostTotals();
        public CostTotals ThisWeek { get; set; } = new CostTotals();
        public CostTotals ThisMonth { get; set; } = new CostTotals();
        /// <summary>This month's cost carried on at its pace so far to the month's end; null early on the first day.</summary>
        public decimal? MonthForecast { get; set; }
        /// <summary>Share of the range's requests that have a price, 0-100; null without requests.</summary>
        public decimal? PricedPercent { get; set; }
        public IReadOnlyList<BudgetStatus> Budgets { get; set; } = Array.Empty<BudgetStatus>();
        public IReadOnlyList<string> Providers { get; set; } = Array.Empty<string>();
        public IReadOnlyList<DashboardDay> Days { get; set; } = Array.Empty<DashboardDay>();
        public IReadOnlyList<CostGroup> Models { get; set; } = Array.Empty<CostGroup>();
        public IReadOnlyList<CostGroup> ProviderTotals { get; set; } = Array.Empty<CostGroup>();
        public IReadOnlyList<CostGroup> TopSessions { get; set; } = Array.Empty<CostGroup>();
        public IReadOnlyList<BudgetAlert> Alerts { get; set; } = Array.Empty<BudgetAlert>();
        public IReadOnlyList<CostAnomaly> Anomalies { get; set; } = Array.Empty<CostAnomaly>();
    }
}
