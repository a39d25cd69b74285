using System;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// A stored request as re-pricing reads it: what its price depends on, and the price it holds now. A store hands the
    /// same instance over for every row it reads (a million rows, no million objects): keep none of it.
    /// </summary>
    public sealed class StoredPricing
    {
        /// <summary>The stored row, as <see cref="CostUpdate.Row"/> names it.</summary>
        public long Row { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public DateTime OccurredAtUtc { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWrite5mTokens { get; set; }
        public long CacheWrite1hTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        public bool IsBatch { get; set; }
        public string? ServiceTier { get; set; }

        /// <summary>The cost stored now, in nano-USD; null when unpriced.</summary>
        public long? CostNano { get; set; }
        public string PricingStatus { get; set; } = "";
        public string? PriceRef { get; set; }
    }
}
