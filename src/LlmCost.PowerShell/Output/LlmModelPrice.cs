using System;
using System.Linq;
using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>A model's price over an interval (USD per million tokens).</summary>
    public sealed class LlmModelPrice
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public DateTime? EffectiveFrom { get; set; }
        public DateTime? EffectiveTo { get; set; }
        public decimal Input { get; set; }
        public decimal? CacheRead { get; set; }
        public decimal? CacheWrite5m { get; set; }
        public decimal? CacheWrite1h { get; set; }
        public decimal Output { get; set; }
        public decimal? Reasoning { get; set; }
        public decimal? PerRequest { get; set; }
        public decimal? BatchMultiplier { get; set; }
        /// <summary>Context tiers as text, e.g. "&gt;200000: 2.5/15".</summary>
        public string Tiers { get; set; } = "";
        public string Currency { get; set; } = "USD";
        public string Source { get; set; } = "";

        internal static LlmModelPrice From(PriceRow row) => From(row.Provider, row.Model, row.Price);

        internal static LlmModelPrice From(string provider, string model, ModelPrice p) => new LlmModelPrice
        {
            Provider = provider,
            Model = model,
            EffectiveFrom = p.EffectiveFrom,
            EffectiveTo = p.EffectiveTo,
            Input = p.Base.Input,
            CacheRead = p.Base.CacheRead,
            CacheWrite5m = p.Base.CacheWrite5m,
            CacheWrite1h = p.Base.CacheWrite1h,
            Output = p.Base.Output,
            Reasoning = p.Base.Reasoning,
            PerRequest = p.Base.PerRequest,
            BatchMultiplier = p.BatchMultiplier,
            Tiers = string.Join("; ", p.Tiers.Select(t => $">{t.Threshold}: {t.Prices.Input}/{t.Prices.Output}")),
            Currency = p.Currency,
            Source = p.Source,
        };
    }
}
