using System;
using System.Collections.Generic;

namespace LlmCost.Core.Queries
{
    public enum CostGrouping
    {
        None,
        Session,
        Hour,
        Day,
        Week,
        Month,
        Model,
        Provider,
        Tag,
    }

    /// <summary>Filters for cost and usage queries. Times are UTC; the range is [Since, Until).</summary>
    public sealed class CostQuery
    {
        public DateTime? Since { get; set; }
        public DateTime? Until { get; set; }
        public IReadOnlyList<string>? Sessions { get; set; }
        public IReadOnlyList<string>? Providers { get; set; }
        /// <summary>Model names; '*' and '?' are wildcards.</summary>
        public IReadOnlyList<string>? Models { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
        public bool OnlyUnpriced { get; set; }
        public CostGrouping GroupBy { get; set; } = CostGrouping.None;
        /// <summary>Time zone for Day/Week/Month groups; UTC when null.</summary>
        public TimeZoneInfo? TimeZone { get; set; }
    }

    /// <summary>Token and cost totals of a set of requests. Cost excludes unpriced requests, which are counted.</summary>
    public sealed class CostTotals
    {
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWrite5mTokens { get; set; }
        public long CacheWrite1hTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        public long CostNano { get; set; }
        public decimal Cost => Money.Nano.ToDecimal(CostNano);
        public string Currency { get; set; } = "USD";

        internal void Add(CostTotals o)
        {
            Requests += o.Requests;
            UnpricedRequests += o.UnpricedRequests;
            InputTokens += o.InputTokens;
            CacheReadTokens += o.CacheReadTokens;
            CacheWrite5mTokens += o.CacheWrite5mTokens;
            CacheWrite1hTokens += o.CacheWrite1hTokens;
            OutputTokens += o.OutputTokens;
            ReasoningTokens += o.ReasoningTokens;
            CostNano += o.CostNano;
        }
    }

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

    /// <summary>One stored request with its cost.</summary>
    public sealed class RequestCost
    {
        public long Row { get; set; }
        public string RequestKey { get; set; } = "";
        public string? RequestId { get; set; }
        public string? SessionId { get; set; }
        public DateTime OccurredAtUtc { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWrite5mTokens { get; set; }
        public long CacheWrite1hTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        public long? CostNano { get; set; }
        public decimal? Cost => Money.Nano.ToDecimal(CostNano);
        public string Currency { get; set; } = "USD";
        public string PricingStatus { get; set; } = "";
        public string? PriceRef { get; set; }
        public bool IsBatch { get; set; }
        public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();
        public string? Source { get; set; }
        public double? LatencyMs { get; set; }
    }
}
