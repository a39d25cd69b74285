using System;
using System.Collections.Generic;

namespace LlmCost.Core.Pricing
{
    /// <summary>The price of one model over one interval of time.</summary>
    public sealed class ModelPrice
    {
        /// <summary>Throws <see cref="LlmCostException"/> (InvalidPrice, UnsupportedCurrency) when this cannot be kept as a custom price.</summary>
        public void ValidateCustom()
        {
            if (string.IsNullOrWhiteSpace(Provider)) throw new LlmCostException("InvalidPrice", "A custom price needs a provider.");
            if (string.IsNullOrWhiteSpace(Model)) throw new LlmCostException("InvalidPrice", "A custom price needs a model.");
            if (!string.Equals(Currency, "USD", StringComparison.OrdinalIgnoreCase))
            {
                throw new LlmCostException("UnsupportedCurrency", $"Currency '{Currency}' is not supported yet; prices and costs are in USD.");
            }

            string what = $"Price of {Provider}/{Model}";
            Base.Validate(what);
            foreach (var t in Tiers) t.Prices.Validate(what + $" (tier above {t.Threshold})");
            if (EffectiveFrom.HasValue && EffectiveTo.HasValue && EffectiveTo <= EffectiveFrom)
            {
                throw new LlmCostException("InvalidPrice", $"{what}: EffectiveTo must be after EffectiveFrom.");
            }

            if (BatchMultiplier is decimal bm && (bm <= 0 || bm > 1))
            {
                throw new LlmCostException("InvalidPrice", $"{what}: BatchMultiplier must be greater than 0 and at most 1.");
            }
        }

        public ModelPrice(string provider, string model, PriceSet basePrices)
        {
            Provider = provider;
            Model = model;
            Base = basePrices;
        }

        public string Provider { get; set; }
        public string Model { get; set; }
        /// <summary>Inclusive start (UTC); null means "since ever".</summary>
        public DateTime? EffectiveFrom { get; set; }
        /// <summary>Exclusive end (UTC); null means "until further notice".</summary>
        public DateTime? EffectiveTo { get; set; }
        public string Currency { get; set; } = "USD";
        public PriceSet Base { get; set; }
        public IReadOnlyList<PriceTier> Tiers { get; set; } = Array.Empty<PriceTier>();
        /// <summary>
        /// Prices of service tiers that have their own ("priority"), by tier; a request on a tier missing here is unpriced
        /// (ServiceTiers). They apply below the first context tier only: above it no tier price is known.
        /// </summary>
        public IReadOnlyDictionary<string, PriceSet> ServiceTierPrices { get; set; } = new Dictionary<string, PriceSet>();
        /// <summary>Multiplier applied to the whole cost of a batch request (0.5 = half price). Null: no batch discount known.</summary>
        public decimal? BatchMultiplier { get; set; }
        /// <summary><c>builtin</c>, <c>custom</c> or the file a price was imported from.</summary>
        public string Source { get; set; } = "builtin";
        /// <summary>Row id in the store for custom prices; null for built-in ones.</summary>
        public long? Id { get; set; }

        public bool IsCustom => !string.Equals(Source, "builtin", StringComparison.Ordinal);

        public bool IsEffectiveAt(DateTime utc) =>
            (!EffectiveFrom.HasValue || EffectiveFrom.Value <= utc) && (!EffectiveTo.HasValue || utc < EffectiveTo.Value);

        /// <summary>The tier prices for a request with this many input tokens (whole request, not marginal).</summary>
        public PriceSet PricesFor(long inputTokens, out long? tierThreshold)
        {
            tierThreshold = null;
            // The highest threshold the request exceeds (of equal thresholds, the last listed).
            PriceSet chosen = Base;
            for (int i = 0; i < Tiers.Count; i++)
            {
                var tier = Tiers[i];
                if (inputTokens > tier.Threshold && (tierThreshold == null || tier.Threshold >= tierThreshold.Value))
                {
                    chosen = tier.Prices;
                    tierThreshold = tier.Threshold;
                }
            }

            return chosen;
        }

        /// <summary>A short, stable reference to this price row, stored with each request.</summary>
        public string Reference
        {
            get
            {
                // Formatted once per price row (it is stored with every request priced by it).
                var cached = _reference;
                if (cached != null && cached.Item1 == Id && ReferenceEquals(cached.Item2, Provider) && ReferenceEquals(cached.Item3, Model) && cached.Item4 == EffectiveFrom)
                {
                    return cached.Item5;
                }

                string text = Id.HasValue
                    ? "custom:" + Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : $"builtin:{Provider}/{Model}@{(EffectiveFrom.HasValue ? EffectiveFrom.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "start")}";
                _reference = Tuple.Create(Id, Provider, Model, EffectiveFrom, text);
                return text;
            }
        }

        private Tuple<long?, string, string, DateTime?, string>? _reference;
    }
}
