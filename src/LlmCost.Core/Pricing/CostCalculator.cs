using System;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Pricing
{
    /// <summary>Six counts + the price effective at the request time → cost. See docs/cost-rules.md.</summary>
    public static class CostCalculator
    {
        private const decimal PerMillion = 1_000_000m;

        public static CostBreakdown Calculate(TokenUsage usage, ModelPrice price, bool isBatch = false) =>
            CalculateOnTier(usage, price, isBatch, null) ?? throw new InvalidOperationException("The standard tier always has a price.");

        /// <summary>
        /// The cost on a service tier (<see cref="ServiceTiers"/>): flex and batch at the batch price; a tier with a price of
        /// its own with that price (below the first context tier); null when the tier has no known price.
        /// </summary>
        public static CostBreakdown? CalculateOnTier(TokenUsage usage, ModelPrice price, bool isBatch, string? serviceTier)
        {
            if (price == null) throw new ArgumentNullException(nameof(price));
            usage.Validate();

            PriceSet p = price.PricesFor(usage.InputTokens, out long? tier);
            if (ServiceTiers.NeedsOwnPrice(serviceTier))
            {
                if (tier != null || !price.ServiceTierPrices.TryGetValue(serviceTier!, out var own)) return null;
                p = own;
            }

            isBatch |= ServiceTiers.IsBatchPriced(serviceTier);
            var b = new CostBreakdown
            {
                TierThreshold = tier,
                UncachedInput = usage.UncachedInputTokens * p.Input / PerMillion,
                CacheRead = usage.CacheReadTokens * p.EffectiveCacheRead / PerMillion,
                CacheWrite5m = usage.CacheWrite5mTokens * p.EffectiveCacheWrite5m / PerMillion,
                CacheWrite1h = usage.CacheWrite1hTokens * p.EffectiveCacheWrite1h / PerMillion,
                PerRequest = p.PerRequest ?? 0m,
            };

            // Reasoning is part of output; a separate reasoning rate only re-prices that part.
            if (p.Reasoning.HasValue)
            {
                b.Output = ((usage.OutputTokens - usage.ReasoningTokens) * p.Output + usage.ReasoningTokens * p.Reasoning.Value) / PerMillion;
            }
            else
            {
                b.Output = usage.OutputTokens * p.Output / PerMillion;
            }

            decimal total = b.UncachedInput + b.CacheRead + b.CacheWrite5m + b.CacheWrite1h + b.Output + b.PerRequest;
            if (isBatch && price.BatchMultiplier.HasValue)
            {
                b.BatchMultiplier = price.BatchMultiplier.Value;
                total *= price.BatchMultiplier.Value;
            }

            b.Total = total;
            return b;
        }
    }
}
