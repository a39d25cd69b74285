using System;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// The service tier a provider reports a request ran on (OpenAI's service_tier, Anthropic's usage.service_tier), as
    /// it is kept with the request: null for the standard tier ("default", "standard", "auto"); "flex" and "batch" are
    /// priced at the batch price (OpenAI documents flex at batch rates); every other tier ("priority", "scale", or one
    /// not known yet) needs a price of its own, and without one the request is unpriced: never the standard price.
    /// </summary>
    public static class ServiceTiers
    {
        public const string Priority = "priority";

        /// <summary>The tier as kept: lower case, null for the standard tier or none.</summary>
        public static string? Normalize(string? tier)
        {
            if (string.IsNullOrWhiteSpace(tier)) return null;
            string t = tier!.Trim().ToLowerInvariant();
            return t == "default" || t == "standard" || t == "auto" || t == "on_demand" ? null : t;
        }

        /// <summary>Tiers priced at the model's batch price.</summary>
        public static bool IsBatchPriced(string? tier) => tier == "flex" || tier == "batch";

        /// <summary>Tiers that need a price of their own (<see cref="ModelPrice.ServiceTierPrices"/>).</summary>
        public static bool NeedsOwnPrice(string? tier) => tier != null && !IsBatchPriced(tier);

        /// <summary>Why a request of <paramref name="tier"/> on a priced model is unpriced, for warnings.</summary>
        public static string NoPriceReason(string tier, string provider, string model) =>
            $"no {tier}-tier price for {provider}/{model} (the standard price would understate it): import one, e.g. LiteLLM's file with 'llmcost prices import FILE --format litellm'";
    }
}
