using System.Collections.Generic;

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
}
