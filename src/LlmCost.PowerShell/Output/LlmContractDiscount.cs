using System;
using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>A contract discount (Set-LlmContractDiscount, Get-LlmContractDiscount).</summary>
    public sealed class LlmContractDiscount
    {
        public long Id { get; set; }
        public string Provider { get; set; } = "";
        /// <summary>The models it covers (* and ? wildcards); null for every model of the provider.</summary>
        public string? Model { get; set; }
        public decimal Percent { get; set; }
        public DateTime? EffectiveFrom { get; set; }
        public DateTime? EffectiveTo { get; set; }
        public string? Note { get; set; }

        internal static LlmContractDiscount From(ContractDiscount d) => new LlmContractDiscount
        {
            Id = d.Id,
            Provider = d.Provider,
            Model = d.Model,
            Percent = d.Percent,
            EffectiveFrom = d.EffectiveFrom,
            EffectiveTo = d.EffectiveTo,
            Note = d.Note,
        };
    }
}
