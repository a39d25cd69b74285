using System;
using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>A price on which the catalog in effect and a reference file disagree (Test-LlmModelPrice).</summary>
    public sealed class LlmPriceDisagreement
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateTime? EffectiveFrom { get; set; }
        public DateTime ComparedAt { get; set; }
        public decimal? Ours { get; set; }
        public decimal? Reference { get; set; }
        public string? OurSource { get; set; }
        public string? Note { get; set; }

        internal static LlmPriceDisagreement From(PriceDisagreement d) => new LlmPriceDisagreement
        {
            Provider = d.Provider, Model = d.Model, Kind = d.Kind, EffectiveFrom = d.EffectiveFrom, ComparedAt = d.ComparedAt,
            Ours = d.Ours, Reference = d.Reference, OurSource = d.OurSource, Note = d.Note,
        };
    }
}
