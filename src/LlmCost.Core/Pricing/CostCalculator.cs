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
            if (!TryCompute(usage, price, isBatch, serviceTier, out var c)) return null;
            return new CostBreakdown
            {
                TierThreshold = c.Tier,
                UncachedInput = c.UncachedInput,
                CacheRead = c.CacheRead,
                CacheWrite5m = c.CacheWrite5m,
                CacheWrite1h = c.CacheWrite1h,
                Output = c.Output,
                PerRequest = c.PerRequest,
                BatchMultiplier = c.BatchMultiplier,
                Total = c.Total,
            };
        }

        /// <summary>
        /// <see cref="CalculateOnTier"/>'s total alone, without a <see cref="CostBreakdown"/> object: pricing every line of an
        /// import needs only the total (optimisation of the import path, docs/benchmarks.md).
        /// </summary>
        public static decimal? TotalOnTier(TokenUsage usage, ModelPrice price, bool isBatch, string? serviceTier) =>
            TryCompute(usage, price, isBatch, serviceTier, out var c) ? c.Total : (decimal?)null;

        /// <summary>The parts of a cost, computed once for both the breakdown and the total.</summary>
        private struct Parts
        {
            public long? Tier;
            public decimal UncachedInput, CacheRead, CacheWrite5m, CacheWrite1h, Output, PerRequest, BatchMultiplier, Total;
        }

        private static bool TryCompute(TokenUsage usage, ModelPrice price, bool isBatch, string? serviceTier, out Parts c)
        {
            if (price == null) throw new ArgumentNullException(nameof(price));
            usage.Validate();
            c = default;

            PriceSet p = price.PricesFor(usage.InputTokens, out long? tier);
            if (ServiceTiers.NeedsOwnPrice(serviceTier))
            {
                if (tier != null || !price.ServiceTierPrices.TryGetValue(serviceTier!, out var own)) return false;
                p = own;
            }

            isBatch |= ServiceTiers.IsBatchPriced(serviceTier);
            c.Tier = tier;
            c.UncachedInput = usage.UncachedInputTokens * p.Input / PerMillion;
            c.CacheRead = usage.CacheReadTokens * p.EffectiveCacheRead / PerMillion;
            c.CacheWrite5m = usage.CacheWrite5mTokens * p.EffectiveCacheWrite5m / PerMillion;
            c.CacheWrite1h = usage.CacheWrite1hTokens * p.EffectiveCacheWrite1h / PerMillion;
            c.PerRequest = p.PerRequest ?? 0m;

            // Reasoning is part of output; a separate reasoning rate only re-prices that part.
            if (p.Reasoning.HasValue)
            {
                c.Output = ((usage.OutputTokens - usage.ReasoningTokens) * p.Output + usage.ReasoningTokens * p.Reasoning.Value) / PerMillion;
            }
            else
            {
                c.Output = usage.OutputTokens * p.Output / PerMillion;
            }

            decimal total = c.UncachedInput + c.CacheRead + c.CacheWrite5m + c.CacheWrite1h + c.Output + c.PerRequest;
            c.BatchMultiplier = 1m;
            if (isBatch && price.BatchMultiplier.HasValue)
            {
                c.BatchMultiplier = price.BatchMultiplier.Value;
                total *= price.BatchMultiplier.Value;
            }

            c.Total = total;
            return true;
        }
    }
}
