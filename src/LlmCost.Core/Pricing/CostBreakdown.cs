namespace LlmCost.Core.Pricing
{
    /// <summary>The exact (unrounded) cost of one request and how it was made up.</summary>
    public sealed class CostBreakdown
    {
        public decimal UncachedInput { get; internal set; }
        public decimal CacheRead { get; internal set; }
        public decimal CacheWrite5m { get; internal set; }
        public decimal CacheWrite1h { get; internal set; }
        public decimal Output { get; internal set; }
        public decimal PerRequest { get; internal set; }
        /// <summary>1 unless the request was a batch request with a discount.</summary>
        public decimal BatchMultiplier { get; internal set; } = 1m;
        /// <summary>The tier threshold that applied, or null for base prices.</summary>
        public long? TierThreshold { get; internal set; }
        public decimal Total { get; internal set; }
    }
}
