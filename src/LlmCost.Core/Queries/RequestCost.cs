using System;
using System.Collections.Generic;

namespace LlmCost.Core.Queries
{
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
        /// <summary>Input less its cache reads and writes (never below 0).</summary>
        public long UncachedInputTokens => Math.Max(0, InputTokens - CacheReadTokens - CacheWrite5mTokens - CacheWrite1hTokens);
        public long? CostNano { get; set; }
        public decimal? Cost => Money.Nano.ToDecimal(CostNano);
        /// <summary>The cost less contract discounts, when set by <see cref="Pricing.ContractTerms.Apply"/> (exports); else the list cost.</summary>
        public long? ContractedCostNano { get; set; }
        public decimal? ContractedCost => Money.Nano.ToDecimal(ContractedCostNano ?? CostNano);
        public string Currency { get; set; } = "USD";
        public string PricingStatus { get; set; } = "";
        public string? PriceRef { get; set; }
        public bool IsBatch { get; set; }
        /// <summary>The service tier the request ran on ("priority", "flex"); null for the standard tier.</summary>
        public string? ServiceTier { get; set; }
        public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();
        public string? Source { get; set; }
        public double? LatencyMs { get; set; }
        /// <summary>The cost the tool it was imported from (LiteLLM, Langfuse) had recorded; null otherwise.</summary>
        public long? SourceCostNano { get; set; }
        public decimal? SourceCost => Money.Nano.ToDecimal(SourceCostNano);
    }
}
