using System;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Output
{
    // Objects the cmdlets write. Stable property sets for Export-Excel and ConvertTo-Json: money as decimal in USD,
    // times as UTC DateTime, counts as long, ids as strings, nulls rather than missing properties.

    /// <summary>One stored request with its cost (Get-LlmUsage).</summary>
    public sealed class LlmUsageRecord
    {
        public DateTime OccurredAt { get; set; }
        public string? SessionId { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWrite5mTokens { get; set; }
        public long CacheWrite1hTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        /// <summary>Null when the model has no known price (PricingStatus unpriced).</summary>
        public decimal? Cost { get; set; }
        public string Currency { get; set; } = "USD";
        public string PricingStatus { get; set; } = "";
        public bool IsBatch { get; set; }
        public string Tags { get; set; } = "";
        public string? RequestId { get; set; }
        public string RequestKey { get; set; } = "";
        public string? Source { get; set; }

        public static readonly string[] Columns =
        {
            "OccurredAt", "SessionId", "Provider", "Model", "PricedModel", "InputTokens", "CacheReadTokens", "CacheWrite5mTokens",
            "CacheWrite1hTokens", "OutputTokens", "ReasoningTokens", "Cost", "Currency", "PricingStatus", "IsBatch", "Tags", "RequestId", "RequestKey", "Source",
        };

        public object?[] ToRow() => new object?[]
        {
            OccurredAt, SessionId, Provider, Model, PricedModel, InputTokens, CacheReadTokens, CacheWrite5mTokens, CacheWrite1hTokens,
            OutputTokens, ReasoningTokens, Cost, Currency, PricingStatus, IsBatch, Tags, RequestId, RequestKey, Source,
        };

        internal static LlmUsageRecord From(RequestCost r) => new LlmUsageRecord
        {
            OccurredAt = DateTime.SpecifyKind(r.OccurredAtUtc, DateTimeKind.Utc),
            SessionId = r.SessionId,
            Provider = r.Provider,
            Model = r.Model,
            PricedModel = r.PricedModel,
            InputTokens = r.InputTokens,
            CacheReadTokens = r.CacheReadTokens,
            CacheWrite5mTokens = r.CacheWrite5mTokens,
            CacheWrite1hTokens = r.CacheWrite1hTokens,
            OutputTokens = r.OutputTokens,
            ReasoningTokens = r.ReasoningTokens,
            Cost = r.Cost,
            Currency = r.Currency,
            PricingStatus = r.PricingStatus,
            IsBatch = r.IsBatch,
            Tags = string.Join(";", r.Tags),
            RequestId = r.RequestId,
            RequestKey = r.RequestKey,
            Source = r.Source,
        };
    }

    /// <summary>The outcome of recording one request (Add-LlmUsage -PassThru).</summary>
    public sealed class LlmUsageResult
    {
        /// <summary><c>Added</c>, <c>Replaced</c> or <c>Duplicate</c>.</summary>
        public string Status { get; set; } = "";
        public DateTime OccurredAt { get; set; }
        public string? SessionId { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public string PricingStatus { get; set; } = "";
        public decimal? Cost { get; set; }
        public string Currency { get; set; } = "USD";
        public string RequestKey { get; set; } = "";

        internal static LlmUsageResult From(PricedRequest r) => new LlmUsageResult
        {
            Status = r.Added ? "Added" : r.Replaced ? "Replaced" : "Duplicate",
            OccurredAt = DateTime.SpecifyKind(r.OccurredAtUtc, DateTimeKind.Utc),
            SessionId = r.SessionId,
            Provider = r.Provider,
            Model = r.Model,
            PricedModel = r.PricedModel,
            PricingStatus = PricedRequest.StatusText(r.Status),
            Cost = r.Cost,
            RequestKey = r.RequestKey,
        };
    }

    /// <summary>Totals of a group of requests (Get-LlmCost).</summary>
    public sealed class LlmCostSummary
    {
        /// <summary>What the rows are grouped by: None, Session, Hour, Day, Week, Month, Model, Provider or Tag.</summary>
        public string GroupBy { get; set; } = "None";
        /// <summary>The group: a session id, model, provider, tag, or the period (yyyy-MM-dd, yyyy-MM).</summary>
        public string Key { get; set; } = "";
        /// <summary>Start of a time group in UTC.</summary>
        public DateTime? PeriodStart { get; set; }
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string? SessionId { get; set; }
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWriteTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        /// <summary>The cost of the priced requests; null when every request of the group is unpriced.</summary>
        public decimal? Cost { get; set; }
        public string Currency { get; set; } = "USD";

        public static readonly string[] Columns =
        {
            "GroupBy", "Key", "PeriodStart", "Provider", "Model", "SessionId", "Requests", "UnpricedRequests", "InputTokens", "CacheReadTokens",
            "CacheWriteTokens", "OutputTokens", "ReasoningTokens", "Cost", "Currency",
        };

        public object?[] ToRow() => new object?[]
        {
            GroupBy, Key, PeriodStart, Provider, Model, SessionId, Requests, UnpricedRequests, InputTokens, CacheReadTokens, CacheWriteTokens,
            OutputTokens, ReasoningTokens, Cost, Currency,
        };

        internal static LlmCostSummary From(CostGroup g)
        {
            var t = g.Totals;
            return new LlmCostSummary
            {
                GroupBy = g.GroupBy.ToString(),
                Key = g.Key,
                PeriodStart = g.PeriodStartUtc.HasValue ? DateTime.SpecifyKind(g.PeriodStartUtc.Value, DateTimeKind.Utc) : (DateTime?)null,
                Provider = g.GroupBy == CostGrouping.Provider ? g.Key : g.Provider,
                Model = g.GroupBy == CostGrouping.Model ? g.Key : null,
                SessionId = g.GroupBy == CostGrouping.Session ? (g.Key.Length == 0 ? null : g.Key) : null,
                Requests = t.Requests,
                UnpricedRequests = t.UnpricedRequests,
                InputTokens = t.InputTokens,
                CacheReadTokens = t.CacheReadTokens,
                CacheWriteTokens = t.CacheWrite5mTokens + t.CacheWrite1hTokens,
                OutputTokens = t.OutputTokens,
                ReasoningTokens = t.ReasoningTokens,
                Cost = t.Requests > 0 && t.UnpricedRequests == t.Requests ? (decimal?)null : t.Cost,
            };
        }
    }

    public sealed class LlmStoreInfo
    {
        public string Path { get; set; } = "";
        public int SchemaVersion { get; set; }
        public int SupportedSchemaVersion { get; set; }
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long Sessions { get; set; }
        public long CustomPrices { get; set; }
        public long Budgets { get; set; }
        public long SizeBytes { get; set; }
        public DateTime? FirstRequest { get; set; }
        public DateTime? LastRequest { get; set; }

        internal static LlmStoreInfo From(StoreInfo i) => new LlmStoreInfo
        {
            Path = i.Path,
            SchemaVersion = i.SchemaVersion,
            SupportedSchemaVersion = i.CodeSchemaVersion,
            Requests = i.Requests,
            UnpricedRequests = i.UnpricedRequests,
            Sessions = i.Sessions,
            CustomPrices = i.CustomPrices,
            Budgets = i.Budgets,
            SizeBytes = i.SizeBytes,
            FirstRequest = i.FirstRequestUtc,
            LastRequest = i.LastRequestUtc,
        };
    }

    /// <summary>A model's price over an interval (USD per million tokens).</summary>
    public sealed class LlmModelPrice
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public DateTime? EffectiveFrom { get; set; }
        public DateTime? EffectiveTo { get; set; }
        public decimal Input { get; set; }
        public decimal? CacheRead { get; set; }
        public decimal? CacheWrite5m { get; set; }
        public decimal? CacheWrite1h { get; set; }
        public decimal Output { get; set; }
        public decimal? Reasoning { get; set; }
        public decimal? PerRequest { get; set; }
        public decimal? BatchMultiplier { get; set; }
        /// <summary>Context tiers as text, e.g. "&gt;200000: 2.5/15".</summary>
        public string Tiers { get; set; } = "";
        public string Currency { get; set; } = "USD";
        public string Source { get; set; } = "";

        internal static LlmModelPrice From(PriceRow row) => From(row.Provider, row.Model, row.Price);

        internal static LlmModelPrice From(string provider, string model, ModelPrice p) => new LlmModelPrice
        {
            Provider = provider,
            Model = model,
            EffectiveFrom = p.EffectiveFrom,
            EffectiveTo = p.EffectiveTo,
            Input = p.Base.Input,
            CacheRead = p.Base.CacheRead,
            CacheWrite5m = p.Base.CacheWrite5m,
            CacheWrite1h = p.Base.CacheWrite1h,
            Output = p.Base.Output,
            Reasoning = p.Base.Reasoning,
            PerRequest = p.Base.PerRequest,
            BatchMultiplier = p.BatchMultiplier,
            Tiers = string.Join("; ", p.Tiers.Select(t => $">{t.Threshold}: {t.Prices.Input}/{t.Prices.Output}")),
            Currency = p.Currency,
            Source = p.Source,
        };
    }

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
        };
    }

    public sealed class LlmBudgetAlert
    {
        public long AlertId { get; set; }
        public string Name { get; set; } = "";
        public string? SessionId { get; set; }
        public DateTime? PeriodStart { get; set; }
        public int Threshold { get; set; }
        public string Level { get; set; } = "";
        public decimal Spent { get; set; }
        public decimal Limit { get; set; }
        public DateTime CreatedAt { get; set; }
        /// <summary>Each target with its delivery status, e.g. "webhook:https://hooks.example.com/*** delivered".</summary>
        public string Deliveries { get; set; } = "";
        public bool Delivered { get; set; }

        internal static LlmBudgetAlert From(BudgetAlert a) => new LlmBudgetAlert
        {
            AlertId = a.AlertId,
            Name = a.Budget,
            SessionId = a.SessionId,
            PeriodStart = a.PeriodStartUtc,
            Threshold = a.Threshold,
            Level = a.Level.ToString().ToLowerInvariant(),
            Spent = a.Spent,
            Limit = a.Limit,
            CreatedAt = a.CreatedUtc,
            Deliveries = string.Join("; ", a.Deliveries.Select(d => d.Target + " " + d.Status + (d.LastError != null ? " (" + d.LastError + ")" : ""))),
            Delivered = a.Deliveries.All(d => d.Status == "delivered"),
        };
    }

    public sealed class LlmCostAnomaly
    {
        public DateTime Day { get; set; }
        public string ScopeKind { get; set; } = "";
        public string Scope { get; set; } = "";
        public decimal Spent { get; set; }
        public decimal Expected { get; set; }
        public decimal ExpectedLow { get; set; }
        public decimal ExpectedHigh { get; set; }
        public decimal Deviation { get; set; }
        public double Score { get; set; }
        public string Direction { get; set; } = "";

        internal static LlmCostAnomaly From(CostAnomaly a) => new LlmCostAnomaly
        {
            Day = a.Day,
            ScopeKind = a.ScopeKind,
            Scope = a.Scope,
            Spent = a.Spent,
            Expected = a.Expected,
            ExpectedLow = a.ExpectedLow,
            ExpectedHigh = a.ExpectedHigh,
            Deviation = a.Deviation,
            Score = a.Score,
            Direction = a.Direction,
        };
    }
}
