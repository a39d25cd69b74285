using System;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.Core.Time;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Keeps a negotiated discount: a percentage off the list cost of a provider's requests, or of some of its models,
    /// from a date. List prices and stored costs do not change; reports show the contracted cost beside the list cost.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LlmContractDiscount", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmContractDiscount))]
    public sealed class SetLlmContractDiscountCommand : LlmCostCmdlet
    {
        /// <summary><para type="description">The provider the contract is with (openai, anthropic, ...).</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string Provider { get; set; } = "";

        /// <summary><para type="description">Percent off the list cost, more than 0 and at most 100.</para></summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public decimal Percent { get; set; }

        /// <summary><para type="description">Only these models (* and ? wildcards; a catalog id covers its dated ids). Without it, every model of the provider; a discount for a model wins over one for the provider.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string? Model { get; set; }

        /// <summary><para type="description">First day it applies (UTC; a date without an offset is UTC). Default: since ever.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? EffectiveFrom { get; set; }

        /// <summary><para type="description">End (exclusive). Default: until further notice.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? EffectiveTo { get; set; }

        /// <summary><para type="description">A note: the contract, the reference.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Note { get; set; }

        protected override bool CreatesStore => true;

        protected override void ProcessRecord()
        {
            var discount = new ContractDiscount
            {
                Provider = Provider,
                Model = Model,
                Percent = Percent,
                EffectiveFrom = TimeInput.ToUtc(EffectiveFrom, null),
                EffectiveTo = TimeInput.ToUtc(EffectiveTo, null),
                Note = Note,
            };
            try
            {
                discount.Validate();
                string what = $"{Percent}% off {Provider}{(Model == null ? "" : "/" + Model)}" +
                              (discount.EffectiveFrom.HasValue ? $" from {discount.EffectiveFrom:yyyy-MM-dd}" : "") +
                              (discount.EffectiveTo.HasValue ? $" until {discount.EffectiveTo:yyyy-MM-dd}" : "");
                if (!ShouldProcess(Core.Storage.CostStores.Describe(DatabasePath), "Set the contract discount " + what)) return;
                WriteObject(LlmContractDiscount.From(Store.AddContractDiscount(discount)));
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, Provider));
            }
        }
    }
}
