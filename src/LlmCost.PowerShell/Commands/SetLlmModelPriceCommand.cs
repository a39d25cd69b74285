using System;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Adds a custom price (USD per million tokens) that overrides the catalog from its effective date.</summary>
    [Cmdlet(VerbsCommon.Set, "LlmModelPrice", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmModelPrice))]
    public sealed class SetLlmModelPriceCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string Provider { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string Model { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("InputPrice")]
        public decimal Input { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("OutputPrice")]
        public decimal Output { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public decimal? CacheRead { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CacheWrite")]
        public decimal? CacheWrite5m { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public decimal? CacheWrite1h { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public decimal? Reasoning { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public decimal? PerRequest { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public decimal? BatchMultiplier { get; set; }

        /// <summary><para type="description">First moment the price applies (UTC); earlier requests keep their price. Default: since ever.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? EffectiveFrom { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? EffectiveTo { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var price = new ModelPrice(Provider, Model, new PriceSet
            {
                Input = Input,
                Output = Output,
                CacheRead = CacheRead,
                CacheWrite5m = CacheWrite5m,
                CacheWrite1h = CacheWrite1h,
                Reasoning = Reasoning,
                PerRequest = PerRequest,
            })
            {
                EffectiveFrom = LlmCost.Core.Time.TimeInput.ToUtc(EffectiveFrom, null),
                EffectiveTo = LlmCost.Core.Time.TimeInput.ToUtc(EffectiveTo, null),
                BatchMultiplier = BatchMultiplier,
                Source = "custom",
            };
            string target = $"{Provider}/{Model} from {(EffectiveFrom.HasValue ? EffectiveFrom.Value.ToString("u") : "the beginning")}";
            if (!ShouldProcess(target, $"Set price input {Input}, output {Output} USD per million tokens")) return;
            try
            {
                var saved = Store.AddPrice(price);
                var (_, affected) = new Repricer(Store).Affected(saved);
                if (affected > 0)
                {
                    string since = saved.EffectiveFrom.HasValue ? $" -Since {saved.EffectiveFrom.Value:yyyy-MM-dd}" : "";
                    WriteWarning($"{affected} stored request(s) of {saved.Provider}/{saved.Model} keep the cost they were recorded with. " +
                                 $"Apply this price to them with: Update-LlmCost -Reprice -Provider {saved.Provider} -Model {saved.Model}{since} (add -WhatIf to preview).");
                }

                if (PassThru) WriteObject(LlmModelPrice.From(saved.Provider, saved.Model, saved));
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, target));
            }
        }
    }
}
