using System;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>The price of a model at a date (custom prices included), its history, or the catalog.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmModelPrice", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(LlmModelPrice))]
    public sealed class GetLlmModelPriceCommand : LlmCostCmdlet
    {
        private const string ModelSet = "Model";
        private const string ListSet = "List";

        [Parameter(ParameterSetName = ModelSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string Model { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string? Provider { get; set; }

        /// <summary><para type="description">The date the price is looked up for; now by default.</para></summary>
        [Parameter(ParameterSetName = ModelSet)]
        public DateTime? At { get; set; }

        [Parameter(ParameterSetName = ModelSet)]
        public SwitchParameter History { get; set; }

        [Parameter(ParameterSetName = ListSet, Mandatory = true)]
        public SwitchParameter List { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ListSet)
            {
                var now = DateTime.UtcNow;
                foreach (var m in PriceCatalog.Builtin.Models.Where(m => Provider == null || m.Provider.Id == PriceCatalog.NormalizeProvider(Provider)))
                {
                    var p = m.PriceAt(now);
                    if (p != null) WriteObject(LlmModelPrice.From(m.Provider.Id, m.Id, p));
                }

                foreach (var p in Store.GetCustomPrices().Where(p => Provider == null || p.Provider == PriceCatalog.NormalizeProvider(Provider)))
                {
                    WriteObject(LlmModelPrice.From(p.Provider, p.Model, p));
                }

                return;
            }

            var lookup = Store.LookupPrice(Provider, Model, At?.ToUniversalTime() ?? DateTime.UtcNow);
            if (History)
            {
                var rows = (lookup.CatalogModel?.Prices ?? Enumerable.Empty<ModelPrice>())
                    .Concat(Store.GetCustomPrices().Where(p => p.Provider == lookup.Provider && (p.Model == lookup.Model || p.Model == lookup.CatalogModel?.Id)))
                    .OrderBy(p => p.EffectiveFrom ?? DateTime.MinValue).ToList();
                if (rows.Count == 0) NotFound();
                foreach (var p in rows) WriteObject(LlmModelPrice.From(lookup.Provider, p.Model, p));
                return;
            }

            if (lookup.Price == null)
            {
                NotFound();
                return;
            }

            WriteObject(LlmModelPrice.From(lookup.Provider, lookup.PricedModel ?? lookup.Model, lookup.Price));
        }

        private void NotFound() =>
            WriteError(new ErrorRecord(new ItemNotFoundException($"No price is known for model '{Model}'{(Provider != null ? " of provider '" + Provider + "'" : "")}."),
                "PriceNotFound", ErrorCategory.ObjectNotFound, Model));
    }
}
