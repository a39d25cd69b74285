using System;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// A negotiated discount: <see cref="Percent"/> off the list cost of a provider's requests, or of the models
    /// <see cref="Model"/> names, from <see cref="EffectiveFrom"/> until <see cref="EffectiveTo"/>. Kept apart from list
    /// prices: a request's list cost never changes; its contracted cost is the list cost less the discount in effect.
    /// </summary>
    public sealed class ContractDiscount
    {
        /// <summary>The stored row; 0 before it is stored.</summary>
        public long Id { get; set; }
        public string Provider { get; set; } = "";
        /// <summary>A model name (* and ? wildcards; a catalog id also covers its dated ids); null for every model of the provider.</summary>
        public string? Model { get; set; }
        /// <summary>Percent off the list cost, more than 0 and at most 100.</summary>
        public decimal Percent { get; set; }
        /// <summary>Inclusive start (UTC); null: since ever.</summary>
        public DateTime? EffectiveFrom { get; set; }
        /// <summary>Exclusive end (UTC); null: until further notice.</summary>
        public DateTime? EffectiveTo { get; set; }
        public string? Note { get; set; }

        /// <summary>The list cost is multiplied by this: 1 - Percent / 100.</summary>
        public decimal Factor => 1m - Percent / 100m;

        public bool IsEffectiveAt(DateTime utc) =>
            (!EffectiveFrom.HasValue || EffectiveFrom.Value <= utc) && (!EffectiveTo.HasValue || utc < EffectiveTo.Value);

        /// <summary>Throws InvalidDiscount naming what is wrong.</summary>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(Provider)) throw new LlmCostException("InvalidDiscount", "A contract discount needs a provider.");
            if (Percent <= 0m || Percent > 100m) throw new LlmCostException("InvalidDiscount", $"A discount is more than 0 and at most 100 percent, got {Percent}.");
            if (EffectiveFrom.HasValue && EffectiveTo.HasValue && EffectiveTo <= EffectiveFrom)
            {
                throw new LlmCostException("InvalidDiscount", "The discount's EffectiveTo must be after its EffectiveFrom.");
            }
        }
    }
}
