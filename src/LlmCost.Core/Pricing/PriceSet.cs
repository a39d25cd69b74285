using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// Prices in currency units per million tokens (per request for <see cref="PerRequest"/>).
    /// A missing cache-read or 5-minute-write price bills those tokens at <see cref="Input"/>;
    /// a missing 1-hour-write price falls back to the 5-minute price.
    /// </summary>
    public sealed class PriceSet
    {
        public decimal Input { get; set; }
        public decimal Output { get; set; }
        public decimal? CacheRead { get; set; }
        public decimal? CacheWrite5m { get; set; }
        public decimal? CacheWrite1h { get; set; }
        /// <summary>Separate reasoning rate; when null reasoning tokens are billed as output (they are part of output).</summary>
        public decimal? Reasoning { get; set; }
        public decimal? PerRequest { get; set; }

        public decimal EffectiveCacheRead => CacheRead ?? Input;
        public decimal EffectiveCacheWrite5m => CacheWrite5m ?? Input;
        public decimal EffectiveCacheWrite1h => CacheWrite1h ?? EffectiveCacheWrite5m;

        public PriceSet Clone() => (PriceSet)MemberwiseClone();

        public void Validate(string what)
        {
            var bad = new List<string>();
            if (Input < 0) bad.Add("Input");
            if (Output < 0) bad.Add("Output");
            if (CacheRead < 0) bad.Add("CacheRead");
            if (CacheWrite5m < 0) bad.Add("CacheWrite5m");
            if (CacheWrite1h < 0) bad.Add("CacheWrite1h");
            if (Reasoning < 0) bad.Add("Reasoning");
            if (PerRequest < 0) bad.Add("PerRequest");
            if (bad.Count > 0)
            {
                throw new LlmCostException("InvalidPrice", $"{what}: prices must not be negative ({string.Join(", ", bad)}).");
            }
        }
    }

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

    /// <summary>The price of one model over one interval of time.</summary>
    public sealed class ModelPrice
    {
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
