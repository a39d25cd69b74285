using System;
using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    /// <summary>A budget's standing in its current period (one per session for per-session budgets).</summary>
    public sealed class BudgetStatus
    {
        public long BudgetId { get; set; }
        public string Budget { get; set; } = "";
        public BudgetPeriod Period { get; set; }
        public BudgetEnforcement Enforcement { get; set; }
        /// <summary>The session this status is for (per-session budgets), else null.</summary>
        public string? SessionId { get; set; }
        public DateTime? PeriodStartUtc { get; set; }
        public DateTime? PeriodEndUtc { get; set; }
        public decimal Spent { get; set; }
        public decimal Limit { get; set; }
        public decimal Remaining => Limit - Spent;
        /// <summary>Spent as a percentage of the limit, rounded to 2 decimals.</summary>
        public decimal Percent => Limit == 0 ? 0 : decimal.Round(Spent / Limit * 100m, 2, MidpointRounding.AwayFromZero);
        /// <summary>Projected spend at the end of the period from the run rate so far (calendar periods only).</summary>
        public decimal? Forecast { get; set; }
        public decimal? ForecastPercent => Forecast.HasValue && Limit != 0 ? decimal.Round(Forecast.Value / Limit * 100m, 2, MidpointRounding.AwayFromZero) : (decimal?)null;
        public long Requests { get; set; }
        /// <summary>Requests in scope without a known price: not in <see cref="Spent"/>.</summary>
        public long UnpricedRequests { get; set; }
        public string Currency { get; set; } = "USD";
        /// <summary>The highest threshold reached, or null.</summary>
        public int? ThresholdReached { get; set; }
        /// <summary><c>ok</c>, or the level of the highest threshold reached: <c>info</c>, <c>warning</c>, <c>critical</c>.</summary>
        public string Status { get; set; } = "ok";
        public bool IsBreached => Spent >= Limit;
        /// <summary>The budget's definition: scope filters (null: any), thresholds, time zone, targets with secrets masked.</summary>
        public string TimeZone { get; set; } = "UTC";
        public string? ScopeProvider { get; set; }
        public string? ScopeModel { get; set; }
        public string? ScopeSession { get; set; }
        public string? ScopeTag { get; set; }
        public IReadOnlyList<int> Thresholds { get; set; } = Array.Empty<int>();
        public IReadOnlyList<string> Notify { get; set; } = Array.Empty<string>();

        /// <summary>Alerts this evaluation recorded for the first time (Test-LlmBudget / llmcost budget check).</summary>
        public IReadOnlyList<BudgetAlert> NewAlerts { get; set; } = Array.Empty<BudgetAlert>();
    }
}
