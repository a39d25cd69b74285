using System;

namespace LlmCost.Core.Pricing
{
    /// <summary>One price on which the catalog in effect and a reference file disagree (<see cref="PriceAudit"/>).</summary>
    public sealed class PriceDisagreement
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        /// <summary>input, cacheRead, cacheWrite5m, cacheWrite1h, output; "model" when the catalog in effect has no price at all.</summary>
        public string Kind { get; set; } = "";
        /// <summary>The reference price's start; null for its first period.</summary>
        public DateTime? EffectiveFrom { get; set; }
        /// <summary>The date the two were compared at.</summary>
        public DateTime ComparedAt { get; set; }
        /// <summary>USD per million tokens in effect here (built-in or custom); null when none.</summary>
        public decimal? Ours { get; set; }
        public decimal? Reference { get; set; }
        /// <summary>Where our price comes from: builtin, custom, or the source of an imported price.</summary>
        public string? OurSource { get; set; }
        /// <summary>A known error of the source that explains the difference (docs/pricing.md), if one does.</summary>
        public string? Note { get; set; }
    }
}
