using System;

namespace LlmCost.Core.Pricing
{
    /// <summary>A context tier: when a request's total input exceeds <see cref="Threshold"/>, every category uses <see cref="Prices"/>.</summary>
    public sealed class PriceTier
    {
        public PriceTier(long threshold, PriceSet prices)
        {
            Threshold = threshold;
            Prices = prices ?? throw new ArgumentNullException(nameof(prices));
        }

        public long Threshold { get; }
        public PriceSet Prices { get; }
    }
}
