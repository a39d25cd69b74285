using System;
using System.Linq;
using LlmCost.Core.Budgets;

namespace LlmCost.PowerShell.Output
{
    /// <summary>A budget's standing (Get-LlmBudget, Test-LlmBudget).</summary>
    public sealed class LlmBudgetStatus
    {
        public string Name { get; set; } = "";
        public string Period { get; set; } = "";
        public string Enforcement { get; set; } = "";
        public string? SessionId { get; set; }
        public DateTime? PeriodStart { get; set; }
        public DateTime? PeriodEnd { get; set; }
        public decimal Spent { get; set; }
        public decimal Limit { get; set; }
        public decimal Remaining { get; set; }
        public decimal Percent { get; set; }
        public decimal? Forecast { get; set; }
        public decimal? ForecastPercent { get; set; }
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public int? ThresholdReached { get; set; }
        /// <summary><c>ok</c>, <c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
        public string Status { get; set; } = "";
        public bool IsBreached { get; set; }
        /// <summary>Thresholds recorded for the first time by this check, e.g. "50;80".</summary>
        public string NewAlerts { get; set; } = "";
        public string Currency { get; set; } = "USD";
        /// <summary>The definition: scope filters (empty: any), thresholds, time zone and targets (secrets masked).</summary>
        public string? ScopeProvider { get; set; }
        public string? ScopeModel { get; set; }
        public string? ScopeSession { get; set; }
        public string? ScopeTag { get; set; }
        public string Thresholds { get; set; } = "";
        public string TimeZone { get; set; } = "";
        /// <summary>Notification targets, secrets masked (not named Notify, so piping into Set-LlmBudget never writes masked text back).</summary>
        public string Targets { get; set; } = "";

        internal static LlmBudgetStatus From(BudgetStatus s) => new LlmBudgetStatus
        {
            Name = s.Budget,
            Period = s.Period.ToString(),
            Enforcement = s.Enforcement.ToString(),
            SessionId = s.SessionId,
            PeriodStart = s.PeriodStartUtc,
            PeriodEnd = s.PeriodEndUtc,
            Spent = s.Spent,
            Limit = s.Limit,
            Remaining = s.Remaining,
            Percent = s.Percent,
            Forecast = s.Forecast,
            ForecastPercent = s.ForecastPercent,
            Requests = s.Requests,
            UnpricedRequests = s.UnpricedRequests,
            ThresholdReached = s.ThresholdReached,
            Status = s.Status,
            IsBreached = s.IsBreached,
            NewAlerts = string.Join(";", s.NewAlerts.Select(a => a.Threshold)),
            Currency = s.Currency,
            ScopeProvider = s.ScopeProvider,
            ScopeModel = s.ScopeModel,
            ScopeSession = s.ScopeSession,
            ScopeTag = s.ScopeTag,
            Thresholds = string.Join(";", s.Thresholds),
            TimeZone = s.TimeZone,
            Targets = string.Join(";", s.Notify),
        };
    }
}
